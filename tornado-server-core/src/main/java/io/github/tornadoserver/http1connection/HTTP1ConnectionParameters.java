package io.github.tornadoserver.http1connection;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and switches of an HTTP/1.x connection, Tornado's {@code HTTP1ConnectionParameters}.
 *
 * @param noKeepAlive close the connection after each response
 * @param chunkSize the most body bytes handed to {@code dataReceived} at once
 * @param maxHeaderSize the most bytes of a request head (start line, fields and the blank line);
 *     beyond it the answer is 431, or 414 when the request line alone is longer
 * @param headerTimeout how long a request head may take, counted from the accept or from the end of
 *     the previous response (keep-alive idle time included); then the connection is closed
 * @param maxBodySize the most body bytes (after decompression); beyond it the answer is 413
 * @param bodyTimeout how long reading a whole body may take, or null for no limit
 * @param decompress whether to inflate {@code Content-Encoding: gzip} request bodies
 * @param maxRequestsPerConnection the most requests on one connection, 0 for no limit; the last
 *     response carries {@code Connection: close}
 */
public record HTTP1ConnectionParameters(
    boolean noKeepAlive,
    int chunkSize,
    int maxHeaderSize,
    Duration headerTimeout,
    long maxBodySize,
    Duration bodyTimeout,
    boolean decompress,
    int maxRequestsPerConnection) {

  /** 64 KiB, Tornado's default. */
  public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;

  /** 64 KiB, Tornado's default. */
  public static final int DEFAULT_MAX_HEADER_SIZE = 64 * 1024;

  /** 100 MiB, Tornado's default. */
  public static final long DEFAULT_MAX_BODY_SIZE = 100L * 1024 * 1024;

  /** One hour, Tornado's default. */
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofHours(1);

  /**
   * @throws IllegalArgumentException naming any value out of range
   */
  public HTTP1ConnectionParameters {
    positive("chunkSize", chunkSize);
    positive("maxHeaderSize", maxHeaderSize);
    positive("maxBodySize", maxBodySize);
    Objects.requireNonNull(headerTimeout, "headerTimeout");
    if (headerTimeout.isNegative() || headerTimeout.isZero()) {
      throw new IllegalArgumentException("headerTimeout: " + headerTimeout + " (expected: > 0)");
    }
    if (bodyTimeout != null && (bodyTimeout.isNegative() || bodyTimeout.isZero())) {
      throw new IllegalArgumentException(
          "bodyTimeout: " + bodyTimeout + " (expected: > 0, or null for none)");
    }
    if (maxRequestsPerConnection < 0) {
      throw new IllegalArgumentException(
          "maxRequestsPerConnection: " + maxRequestsPerConnection + " (expected: >= 0)");
    }
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
  }

  /** Tornado's defaults. */
  public static HTTP1ConnectionParameters defaults() {
    return new HTTP1ConnectionParameters(
        false,
        DEFAULT_CHUNK_SIZE,
        DEFAULT_MAX_HEADER_SIZE,
        DEFAULT_HEADER_TIMEOUT,
        DEFAULT_MAX_BODY_SIZE,
        null,
        false,
        0);
  }
}
