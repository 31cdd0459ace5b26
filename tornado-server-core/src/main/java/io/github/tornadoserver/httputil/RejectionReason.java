package io.github.tornadoserver.httputil;

/**
 * Why the server refused a request, or an accepted connection, before any handler saw it; each
 * reason carries the short word metrics tag it with ({@link #tag()}).
 *
 * <p>The request reasons reach an HTTP server's {@code rejectionListener} (one call per refused
 * request or timeout, on the loop thread of its connection); {@link #MAX_CONNECTIONS} reaches its
 * {@code ServerListener.connectionRejected} as its tag. The tags are stable: dashboards and alerts
 * select on them, so a tag never changes once released.
 */
public enum RejectionReason {
  /** A malformed request: start line, header field, framing, chunk line or gzip body (400). */
  BAD_REQUEST("bad_request"),
  /** The request head or the trailer section is longer than {@code maxHeaderSize} (431). */
  HEADER_TOO_LARGE("header_too_large"),
  /** The request line alone is longer than {@code maxHeaderSize} (414). */
  URI_TOO_LONG("uri_too_long"),
  /** The request body is longer than {@code maxBodySize}, before or after decoding (413). */
  BODY_TOO_LARGE("body_too_large"),
  /** No whole request head within the header (idle connection) timeout; closed, no answer. */
  HEADER_TIMEOUT("header_timeout"),
  /** The request body was not read within the body timeout; closed, no answer. */
  BODY_TIMEOUT("body_timeout"),
  /** A major HTTP version other than 1 (505). */
  VERSION_NOT_SUPPORTED("version_not_supported"),
  /** A transfer coding other than {@code chunked} (501). */
  UNSUPPORTED_TRANSFER_CODING("unsupported_transfer_coding"),
  /** A connection accepted while the server holds {@code maxConnections}; closed at once. */
  MAX_CONNECTIONS("max_connections");

  private final String tag;

  RejectionReason(String tag) {
    this.tag = tag;
  }

  /** The metric tag value, lower case with underscores, such as {@code header_too_large}. */
  public String tag() {
    return tag;
  }
}
