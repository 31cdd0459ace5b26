package io.github.tornadoserver.httpserver;

import java.util.Objects;

/**
 * Whether the server writes a line per request to the {@code tornado.access} logger, and in which
 * format; off by default ({@link #off()}), and then no request pays for it.
 *
 * <p>The line is written when the handler finishes the response, at INFO for a status below 400,
 * WARN for 4xx and ERROR for 5xx, as Tornado's {@code Application.log_request}. A request whose
 * connection closed before its response was finished is not logged (neither does Tornado), nor is a
 * request the server refused before it reached the handler (see {@link
 * HTTPServer.Builder#rejectionListener}).
 *
 * @param enabled whether lines are written
 * @param format their shape
 */
public record AccessLog(boolean enabled, Format format) {

  /** The name of the logger the lines go to, Tornado's. */
  public static final String LOGGER = "tornado.access";

  /** The shape of a line. The client IP is the request's {@code remoteIp} (after xheaders). */
  public enum Format {
    /** Tornado's: {@code 200 GET /path?q=1 (127.0.0.1) 1.23ms}. */
    TORNADO,
    /**
     * The Common Log Format: {@code 127.0.0.1 - - [06/Dec/2026:22:30:00 +0000] "GET /path HTTP/1.1"
     * 200 1234}, the bytes being the body as sent (after compression), {@code -} for none, the time
     * when the request head was read.
     */
    COMMON,
    /** The Combined Log Format: the common one then {@code "Referer" "User-Agent"}. */
    COMBINED
  }

  public AccessLog {
    Objects.requireNonNull(format, "format");
  }

  /** No access log: the default. */
  public static AccessLog off() {
    return new AccessLog(false, Format.TORNADO);
  }

  /** An access log in {@code format}. */
  public static AccessLog of(Format format) {
    return new AccessLog(true, format);
  }
}
