package io.github.tornadoserver.iostream;

import io.github.tornadoserver.ioloop.IOLoop;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The unread bytes of a stream: {@code [start, end)} of a byte array that grows on demand and is
 * compacted instead of grown when that frees enough room. The array is taken from the loop's {@link
 * ArrayPool} when bytes arrive and given back as soon as every byte has been read, so that an idle
 * connection holds no array. Loop thread only.
 */
final class ReadBuffer {
  private static final byte[] EMPTY = new byte[0];
  private static final int MIN_CAPACITY = 1024;

  private final IOLoop loop;
  private ArrayPool pool;
  private byte[] bytes = EMPTY;
  private int start;
  private int end;

  /** A buffer whose arrays come from, and go back to, the pool of {@code loop}. */
  ReadBuffer(IOLoop loop) {
    this.loop = loop;
  }

  int size() {
    return end - start;
  }

  boolean isEmpty() {
    return start == end;
  }

  /** The loop's pool, looked up once: a buffer stays on its stream's loop. */
  private ArrayPool pool() {
    if (pool == null) {
      pool = ArrayPool.of(loop);
    }
    return pool;
  }

  /** Appends the remaining bytes of {@code src}. */
  void append(ByteBuffer src) {
    int n = src.remaining();
    ensureWritable(n);
    src.get(bytes, end, n);
    end += n;
  }

  /**
   * The index (relative to the first unread byte) just past the first occurrence of {@code
   * delimiter} found at or after {@code from}, or -1.
   */
  int indexAfter(byte[] delimiter, int from) {
    int last = end - delimiter.length;
    byte first = delimiter[0];
    for (int i = start + Math.max(0, from); i <= last; i++) {
      if (bytes[i] == first && matchesAt(delimiter, i)) {
        return i - start + delimiter.length;
      }
    }
    return -1;
  }

  /**
   * The index (relative to the first unread byte) just past the first delimiter {@code scanner}
   * finds at or after {@code from}, or -1.
   */
  int indexAfter(DelimiterScanner scanner, int from) {
    int found = scanner.endOf(bytes, start + Math.max(0, from), end);
    return found < 0 ? -1 : found - start;
  }

  private boolean matchesAt(byte[] delimiter, int at) {
    for (int j = 1; j < delimiter.length; j++) {
      if (bytes[at + j] != delimiter[j]) {
        return false;
      }
    }
    return true;
  }

  /** The unread bytes as ISO-8859-1 characters, one per byte, for regex matching (no copy). */
  CharSequence asLatin1() {
    return new Latin1View(bytes, start, end);
  }

  /** Removes and returns the first {@code n} unread bytes. */
  byte[] take(int n) {
    byte[] out = Arrays.copyOfRange(bytes, start, start + n);
    skip(n);
    return out;
  }

  /** Removes the first {@code n} unread bytes into {@code dst}. */
  void takeInto(ByteBuffer dst, int n) {
    dst.put(bytes, start, n);
    skip(n);
  }

  private void skip(int n) {
    start += n;
    if (start == end) {
      start = 0;
      end = 0;
      pool().give(bytes);
      bytes = EMPTY;
    }
  }

  private void ensureWritable(int n) {
    if (bytes.length - end >= n) {
      return;
    }
    int unread = end - start;
    if (bytes == EMPTY) {
      bytes = pool().take(Math.max(n, MIN_CAPACITY));
      return;
    }
    if (bytes.length - unread >= n && start > 0 && unread <= bytes.length / 2) {
      System.arraycopy(bytes, start, bytes, 0, unread);
    } else {
      int capacity = Math.max(Math.max(bytes.length * 2, unread + n), MIN_CAPACITY);
      byte[] grown = new byte[capacity];
      System.arraycopy(bytes, start, grown, 0, unread);
      bytes = grown;
    }
    start = 0;
    end = unread;
  }

  /** A read-only window of bytes seen as Latin-1 characters. */
  private static final class Latin1View implements CharSequence {
    private final byte[] bytes;
    private final int from;
    private final int to;

    Latin1View(byte[] bytes, int from, int to) {
      this.bytes = bytes;
      this.from = from;
      this.to = to;
    }

    @Override
    public int length() {
      return to - from;
    }

    @Override
    public char charAt(int index) {
      return (char) (bytes[from + index] & 0xff);
    }

    @Override
    public CharSequence subSequence(int s, int e) {
      return new Latin1View(bytes, from + s, from + e);
    }

    @Override
    public String toString() {
      return new String(bytes, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }
}
