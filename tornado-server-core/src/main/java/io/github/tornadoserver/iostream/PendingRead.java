package io.github.tornadoserver.iostream;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/** The one read a stream may have outstanding: what it waits for and the future to complete. */
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
  private final int maxBytes;
  private final int count;
  private final boolean partial;
  private final ByteBuffer target;
  private final CompletableFuture<?> future;
  private DelimiterScanner scanner;
  private int scanFrom;
  private boolean closeOnLimit = true;

  private PendingRead(
      Kind kind,
      byte[] delimiter,
      Pattern pattern,
      int maxBytes,
      int count,
      boolean partial,
      ByteBuffer target,
      CompletableFuture<?> future) {
    this.kind = kind;
    this.delimiter = delimiter;
    this.pattern = pattern;
    this.maxBytes = maxBytes;
    this.count = count;
    this.partial = partial;
    this.target = target;
    this.future = future;
  }

  static PendingRead until(byte[] delimiter, int maxBytes) {
    return new PendingRead(
        Kind.UNTIL, delimiter.clone(), null, maxBytes, 0, false, null, new CompletableFuture<>());
  }

  static PendingRead regex(Pattern pattern, int maxBytes) {
    return new PendingRead(
        Kind.REGEX, null, pattern, maxBytes, 0, false, null, new CompletableFuture<>());
  }

  static PendingRead scan(DelimiterScanner scanner, int maxBytes) {
    PendingRead read =
        new PendingRead(Kind.SCAN, null, null, maxBytes, 0, false, null, new CompletableFuture<>());
    read.scanner = scanner;
    return read;
  }

  static PendingRead bytes(int count, boolean partial) {
    return new PendingRead(
        Kind.BYTES, null, null, 0, count, partial, null, new CompletableFuture<byte[]>());
  }

  static PendingRead into(ByteBuffer target, boolean partial) {
    return new PendingRead(
        Kind.INTO, null, null, 0, 0, partial, target, new CompletableFuture<Integer>());
  }

  static PendingRead untilClose() {
    return new PendingRead(
        Kind.UNTIL_CLOSE, null, null, 0, 0, false, null, new CompletableFuture<byte[]>());
  }

  Kind kind() {
    return kind;
  }

  byte[] delimiter() {
    return delimiter;
  }

  DelimiterScanner scanner() {
    return scanner;
  }

  Pattern pattern() {
    return pattern;
  }

  int maxBytes() {
    return maxBytes;
  }

  int count() {
    return count;
  }

  boolean partial() {
    return partial;
  }

  ByteBuffer target() {
    return target;
  }

  @SuppressWarnings("unchecked")
  <T> CompletableFuture<T> future() {
    return (CompletableFuture<T>) future;
  }

  /** Where the next delimiter scan starts, relative to the first unread byte. */
  int scanFrom() {
    return scanFrom;
  }

  void scanFrom(int from) {
    scanFrom = Math.max(0, from);
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
