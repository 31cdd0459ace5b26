package io.github.tornadoserver.iostream;

/**
 * Buffer limits of a stream (Tornado's {@code max_buffer_size}, {@code read_chunk_size} and {@code
 * max_write_buffer_size}).
 *
 * @param maxBufferSize the most bytes the read buffer may hold; past it the stream closes with a
 *     {@link StreamBufferFullException}
 * @param readChunkSize how many bytes one socket read asks for; the effective size is at most half
 *     of {@code maxBufferSize}
 * @param maxWriteBufferSize the most bytes the write buffer may hold, 0 for no limit; a write past
 *     it fails with a {@link StreamBufferFullException} and the stream stays open
 */
public record StreamOptions(int maxBufferSize, int readChunkSize, long maxWriteBufferSize) {
  /** 100 MiB, Tornado's default. */
  public static final int DEFAULT_MAX_BUFFER_SIZE = 100 * 1024 * 1024;

  /** 64 KiB, Tornado's default. */
  public static final int DEFAULT_READ_CHUNK_SIZE = 64 * 1024;

  private static final StreamOptions DEFAULTS =
      new StreamOptions(DEFAULT_MAX_BUFFER_SIZE, DEFAULT_READ_CHUNK_SIZE, 0);

  /**
   * @throws IllegalArgumentException when a size is out of range, naming it
   */
  public StreamOptions {
    if (maxBufferSize < 2) {
      throw new IllegalArgumentException("maxBufferSize: " + maxBufferSize + " (expected: >= 2)");
    }
    if (readChunkSize <= 0) {
      throw new IllegalArgumentException("readChunkSize: " + readChunkSize + " (expected: > 0)");
    }
    if (maxWriteBufferSize < 0) {
      throw new IllegalArgumentException(
          "maxWriteBufferSize: " + maxWriteBufferSize + " (expected: >= 0, 0 = no limit)");
    }
  }

  /** 100 MiB read buffer, 64 KiB reads, no write-buffer limit. */
  public static StreamOptions defaults() {
    return DEFAULTS;
  }

  /** A copy with another {@code maxBufferSize}. */
  public StreamOptions withMaxBufferSize(int size) {
    return new StreamOptions(size, readChunkSize, maxWriteBufferSize);
  }

  /** A copy with another {@code readChunkSize}. */
  public StreamOptions withReadChunkSize(int size) {
    return new StreamOptions(maxBufferSize, size, maxWriteBufferSize);
  }

  /** A copy with another {@code maxWriteBufferSize} (0 = no limit). */
  public StreamOptions withMaxWriteBufferSize(long size) {
    return new StreamOptions(maxBufferSize, readChunkSize, size);
  }

  /** The size of one socket read: {@code min(readChunkSize, maxBufferSize / 2)}. */
  public int effectiveReadChunkSize() {
    return Math.min(readChunkSize, maxBufferSize / 2);
  }
}
