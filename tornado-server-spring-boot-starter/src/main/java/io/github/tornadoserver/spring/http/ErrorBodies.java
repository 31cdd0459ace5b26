package io.github.tornadoserver.spring.http;

import io.github.tornadoserver.httputil.ResponseStartLine;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The bodies of the errors the router and the server generate (404, 405, 500, 400, 413, 431...), in
 * the shape of Spring Boot's error response: {@code timestamp}, {@code status}, {@code error},
 * {@code path}, and {@code message} when the error explains what was wrong with the request.
 *
 * <p>The body is chosen by the request's {@code Accept}: JSON ({@code application/json}) when the
 * client takes it or says nothing, plain text when it takes only text, none otherwise. A {@code
 * HEAD} request gets none. Written by hand, so that it needs no JSON library. Immutable and
 * thread-safe.
 */
final class ErrorBodies {
  /** Sends no error bodies ({@code tornado.http.error-body.enabled=false}). */
  static final ErrorBodies NONE = new ErrorBodies(false, Clock.systemUTC());

  static final String JSON = "application/json";
  static final String TEXT = "text/plain;charset=UTF-8";

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx", Locale.ROOT);

  /** One error body and its {@code Content-Type}. */
  record Body(String contentType, byte[] content) {}

  private final boolean enabled;
  private final Clock clock;

  ErrorBodies(boolean enabled, Clock clock) {
    this.enabled = enabled;
    this.clock = clock;
  }

  /**
   * The body of an error of {@code status}, or null for none.
   *
   * @param method the request's method, or null when its head was not read
   * @param accept the request's {@code Accept} value, or null for none
   * @param path the request's path without its query, or null when unknown
   * @param message what was wrong with the request, or null to say nothing more
   */
  Body of(int status, String method, String accept, String path, String message) {
    if (!enabled || "HEAD".equals(method)) {
      return null;
    }
    return switch (Accepts.of(accept)) {
      case JSON -> new Body(JSON, utf8(json(status, path, message)));
      case TEXT -> new Body(TEXT, utf8(text(status, message)));
      case NONE -> null;
    };
  }

  private String json(int status, String path, String message) {
    StringBuilder out = new StringBuilder(128).append("{\"timestamp\":\"");
    out.append(TIMESTAMP.format(OffsetDateTime.now(clock.withZone(ZoneOffset.UTC))));
    out.append("\",\"status\":").append(status).append(",\"error\":");
    quote(out, ResponseStartLine.reasonPhrase(status));
    if (message != null) {
      out.append(",\"message\":");
      quote(out, message);
    }
    if (path != null) {
      out.append(",\"path\":");
      quote(out, path);
    }
    return out.append('}').toString();
  }

  private static String text(int status, String message) {
    String head = status + " " + ResponseStartLine.reasonPhrase(status);
    return message == null ? head : head + ": " + message;
  }

  /** Appends {@code value} as a JSON string (RFC 8259 §7). */
  static void quote(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** What an {@code Accept} value lets an error body be. */
  enum Accepts {
    JSON,
    TEXT,
    NONE;

    /** JSON for no {@code Accept}, or one that takes JSON; else TEXT when it takes text. */
    static Accepts of(String accept) {
      if (accept == null || accept.isBlank()) {
        return JSON;
      }
      boolean text = false;
      for (String range : accept.split(",")) {
        String type = mediaType(range);
        if (type == null) {
          continue;
        }
        if (type.equals("*/*")
            || type.equals("application/*")
            || type.equals("application/json")
            || (type.startsWith("application/") && type.endsWith("+json"))) {
          return JSON;
        }
        text |= type.equals("text/*") || type.equals("text/plain");
      }
      return text ? TEXT : NONE;
    }

    /** The media range of one {@code Accept} element, lower case; null when its q is 0. */
    private static String mediaType(String range) {
      String[] parts = range.split(";");
      for (int i = 1; i < parts.length; i++) {
        String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
        if (parameter.startsWith("q=") && isZero(parameter.substring(2).trim())) {
          return null;
        }
      }
      return parts[0].trim().toLowerCase(Locale.ROOT);
    }

    private static boolean isZero(String q) {
      return q.matches("0(\\.0{0,3})?");
    }
  }
}
