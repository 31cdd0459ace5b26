package io.github.tornadoserver.iostream;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The one read a stream may have outstanding: what it waits for, and either the future to complete
 * or the callback to call (a read made for every request skips the future and its listener).
 */
final class PendingRead {
  enum Kind {
    UNTIL,
    REGEX,
    SCAN,
    BYTES,
    INTO,
    UNTIL_CLOSE
  }

  private final Kind kind;
  private final byte[] delimiter;
  private final Pattern pattern;
  private final DelimiterScanner scanner;
  private final int maxBytes;
  private final int count;
  private final boolean partial;
  private final ByteBuffer target;
  private CompletableFuture<?> future;
  private BiConsumer<Object, Throwable> callback;
  private int scanFrom;
  private boolean closeOnLimit = true;

  /**
   * A delimited read: exactly one of {@code delimiter}, {@code pattern}, {@code scanner} is set.
   */
  private PendingRead(
      Kind kind, byte[] delimiter, Pattern pattern, DelimiterScanner scanner, int maxBytes) {
    this.kind = kind;
    this.delimiter = delimiter;
    this.pattern = pattern;
    this.scanner = scanner;
    this.maxBytes = maxBytes;
    this.count = 0;
    this.partial = false;
    this.target = null;
  }

  /**
   * A counted read: {@code count} bytes, into {@code target} when it is set, or until the close.
   */
  private PendingRead(Kind kind, int count, boolean partial, ByteBuffer target) {
    this.kind = kind;
    this.delimiter = null;
    this.pattern = null;
    this.scanner = null;
    this.maxBytes = 0;
    this.count = count;
    this.partial = partial;
    this.target = target;
  }

  /** A {@code maxBytes} that may be 0 for none. */
  static int bound(int maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: >= 0, 0 = none)");
    }
    return maxBytes;
  }

  /** A {@code maxBytes} that must be set. */
  static int positiveBound(int maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: > 0)");
    }
    return maxBytes;
  }

  static PendingRead until(byte[] delimiter, int maxBytes) {
    if (delimiter.length == 0) {
      throw new IllegalArgumentException("delimiter: empty (expected: at least one byte)");
    }
    return new PendingRead(Kind.UNTIL, delimiter.clone(), null, null, maxBytes);
  }

  static PendingRead regex(Pattern pattern, int maxBytes) {
    return new PendingRead(
        Kind.REGEX, null, Objects.requireNonNull(pattern, "pattern"), null, maxBytes);
  }

  static PendingRead scan(DelimiterScanner scanner, int maxBytes) {
    return new PendingRead(
        Kind.SCAN, null, null, Objects.requireNonNull(scanner, "scanner"), maxBytes);
  }

  static PendingRead bytes(int count, boolean partial) {
    if (count < 0) {
      throw new IllegalArgumentException("n: " + count + " (expected: >= 0)");
    }
    return new PendingRead(Kind.BYTES, count, partial, null);
  }

  static PendingRead into(ByteBuffer target, boolean partial) {
    return new PendingRead(Kind.INTO, 0, partial, Objects.requireNonNull(target, "buffer"));
  }

  static PendingRead untilClose() {
    return new PendingRead(Kind.UNTIL_CLOSE, 0, false, null);
  }

  Kind kind() {
    return kind;
  }

  /** The future this read completes; made on the first call. Not for a read with a callback. */
  @SuppressWarnings("unchecked")
  <T> CompletableFuture<T> future() {
    if (callback != null) {
      throw new IllegalStateException("read answered by a callback has no future");
    }
    if (future == null) {
      future = new CompletableFuture<T>();
    }
    return (CompletableFuture<T>) future;
  }

  /** Answers this read through {@code listener} instead of a future. */
  @SuppressWarnings("unchecked")
  <T> PendingRead answeredBy(BiConsumer<? super T, ? super Throwable> listener) {
    this.callback = (BiConsumer<Object, Throwable>) Objects.requireNonNull(listener, "callback");
    return this;
  }

  /** Delivers {@code value} through {@code stream} (which bounds how deep completions nest). */
  void succeed(IOStream stream, Object value) {
    if (callback != null) {
      stream.complete(callback, value);
    } else {
      stream.complete(future(), value);
    }
  }

  /** Fails this read with {@code cause}, now. */
  void fail(Throwable cause) {
    if (callback != null) {
      callback.accept(null, cause);
    } else {
      future().completeExceptionally(cause);
    }
  }

  void scanFrom(int from) {
    scanFrom = Math.max(0, from);
  }

  /**
   * Takes this read's result from {@code buffer} if the buffer can satisfy it: the bytes, the count
   * copied by a {@code readInto}, or null when more input is needed. A read that waits for the
   * close ({@code UNTIL_CLOSE}) is never satisfied here.
   *
   * @throws UnsatisfiableReadException when a delimiter or match cannot end within {@code maxBytes}
   */
  Object takeFrom(ReadBuffer buffer) throws UnsatisfiableReadException {
    int available = buffer.size();
    switch (kind) {
      case BYTES:
        if (available >= count || (partial && available > 0) || count == 0) {
          return buffer.take(Math.min(available, count));
        }
        return null;
      case INTO:
        return takeInto(buffer, available);
      case UNTIL:
        return delimited(buffer, buffer.indexAfter(delimiter, scanFrom), delimiter.length);
      case REGEX:
        var matcher = pattern.matcher(buffer.asLatin1());
        return delimited(buffer, matcher.find() ? matcher.end() : -1, 0);
      case SCAN:
        return delimited(buffer, buffer.indexAfter(scanner, scanFrom), scanner.maxLength());
      default:
        return null;
    }
  }

  private Integer takeInto(ReadBuffer buffer, int available) {
    int wanted = target.remaining();
    if (available >= wanted || (partial && available > 0)) {
      int n = Math.min(available, wanted);
      buffer.takeInto(target, n);
      return n;
    }
    return null;
  }

  /** A delimited read ending at {@code end} (-1: not found yet); the next scan resumes nearby. */
  private byte[] delimited(ReadBuffer buffer, int end, int delimiterLength)
      throws UnsatisfiableReadException {
    if (end >= 0 && (maxBytes == 0 || end <= maxBytes)) {
      return buffer.take(end);
    }
    if (maxBytes > 0 && (end > maxBytes || buffer.size() > maxBytes)) {
      throw new UnsatisfiableReadException(describe() + " not found within " + maxBytes + " bytes");
    }
    if (delimiterLength > 0) {
      scanFrom(buffer.size() - delimiterLength + 1);
    }
    return null;
  }

  private String describe() {
    return delimiter != null
        ? "delimiter " + printable(delimiter)
        : scanner != null ? "delimiter" : "regex " + pattern.pattern();
  }

  private static String printable(byte[] bytes) {
    StringBuilder out = new StringBuilder("\"");
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c == '\r') {
        out.append("\\r");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c < 0x20 || c >= 0x7f) {
        out.append(String.format("\\x%02x", c));
      } else {
        out.append((char) c);
      }
    }
    return out.append('"').toString();
  }

  /** Whether an unsatisfiable bound closes the stream (Tornado) or only fails this read. */
  boolean closeOnLimit() {
    return closeOnLimit;
  }

  PendingRead keepOpenOnLimit() {
    closeOnLimit = false;
    return this;
  }
}
