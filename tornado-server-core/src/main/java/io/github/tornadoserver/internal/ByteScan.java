package io.github.tornadoserver.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Searches in received bytes eight at a time: a request head is scanned for line ends and its field
 * values for control characters, byte by byte that is the parser's longest loop. Each test reads a
 * {@code long} of eight bytes (little-endian, so the lowest byte is the first) and finds the bytes
 * it looks for with carry-free arithmetic; the first flagged byte of a word is always a true match
 * (a wrong flag can only appear above a true one, through the borrow that true one causes), so the
 * answers are exact. Stateless; safe from any thread.
 */
public final class ByteScan {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long SPACES = ONES * 0x20;
  private static final long DELS = ONES * 0x7f;

  private ByteScan() {}

  /**
   * The index of the first {@code b} in {@code bytes[from, to)}, or -1.
   *
   * @throws IndexOutOfBoundsException if the range is not within {@code bytes}
   */
  public static int indexOf(byte[] bytes, byte b, int from, int to) {
    Objects.checkFromToIndex(from, to, bytes.length);
    long pattern = ONES * (b & 0xff);
    int i = from;
    for (; i <= to - Long.BYTES; i += Long.BYTES) {
      long found = zeroBytes((long) LONGS.get(bytes, i) ^ pattern);
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The index of the first control character in {@code bytes[from, to)} (RFC 5234 CTL: a byte below
   * 0x20, HTAB included, or 0x7F), or -1. Bytes from 0x80 up are not control characters.
   *
   * @throws IndexOutOfBoundsException if the range is not within {@code bytes}
   */
  public static int indexOfControl(byte[] bytes, int from, int to) {
    Objects.checkFromToIndex(from, to, bytes.length);
    int i = from;
    for (; i <= to - Long.BYTES; i += Long.BYTES) {
      long word = (long) LONGS.get(bytes, i);
      long found = ((word - SPACES) & ~word & HIGHS) | zeroBytes(word ^ DELS);
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      int b = bytes[i] & 0xff;
      if (b < 0x20 || b == 0x7f) {
        return i;
      }
    }
    return -1;
  }

  /** The high bit of each zero byte of {@code word} (and perhaps of bytes above the first one). */
  private static long zeroBytes(long word) {
    return (word - ONES) & ~word & HIGHS;
  }
}
