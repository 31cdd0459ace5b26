package io.github.tornadoserver.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads back everything a server wrote on one connection and fails on anything an HTTP/1.1 client
 * could not frame (RFC 9112): a bad status line or field line, a body shorter than its
 * Content-Length, a broken chunked body, bytes after a response that closed the connection, or a
 * 5xx status other than 501 and 505 (a server error is a bug whatever the request was). For the
 * fuzz tests, whose handlers answer with an empty body so that a HEAD request needs no tracking.
 */
public final class ResponseChecker {
  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] [1-5]\\d\\d [^\r\n]*");
  private static final Pattern FIELD_LINE =
      Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+: [\\x20-\\x7e\\x80-\\xff\\t]*");

  private final byte[] bytes;
  private int at;
  private boolean closed;

  private ResponseChecker(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Returns the status codes of the responses in {@code written}, in order.
   *
   * @throws AssertionError naming the first malformed byte sequence or forbidden status
   */
  public static List<Integer> statuses(byte[] written) {
    return new ResponseChecker(written).readAll();
  }

  private List<Integer> readAll() {
    List<Integer> statuses = new ArrayList<>();
    while (at < bytes.length && !closed) {
      statuses.add(readOne());
    }
    return statuses;
  }

  private int readOne() {
    String statusLine = line();
    if (!STATUS_LINE.matcher(statusLine).matches()) {
      throw malformed("status line \"" + statusLine + "\"");
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    if (status >= 500 && status != 501 && status != 505) {
      throw new AssertionError("server error: " + statusLine + "\n" + text());
    }
    Fields fields = fields();
    if (status >= 200 && status != 204 && status != 304) {
      body(fields);
    }
    closed = fields.close;
    if (closed && at != bytes.length) {
      throw malformed("bytes after a response with Connection: close");
    }
    return status;
  }

  private record Fields(Long contentLength, boolean chunked, boolean close) {}

  private Fields fields() {
    Long length = null;
    boolean chunked = false;
    boolean close = false;
    for (String field = line(); !field.isEmpty(); field = line()) {
      if (!FIELD_LINE.matcher(field).matches()) {
        throw malformed("field line \"" + field + "\"");
      }
      String name = field.substring(0, field.indexOf(':')).toLowerCase(Locale.ROOT);
      String value = field.substring(field.indexOf(':') + 1).trim();
      switch (name) {
        case "content-length" -> {
          if (length != null || !value.matches("\\d{1,18}")) {
            throw malformed("Content-Length \"" + value + "\"");
          }
          length = Long.parseLong(value);
        }
        case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
        case "connection" -> close |= value.toLowerCase(Locale.ROOT).contains("close");
        default -> {}
      }
    }
    if (chunked && length != null) {
      throw malformed("both Content-Length and chunked");
    }
    return new Fields(length, chunked, close);
  }

  private void body(Fields fields) {
    if (fields.chunked) {
      chunks();
    } else if (fields.contentLength != null) {
      skip(fields.contentLength);
    } else if (!fields.close) {
      throw malformed("a body with no length on a kept-alive connection");
    } else {
      at = bytes.length;
    }
  }

  private void chunks() {
    while (true) {
      String size = line();
      if (!size.matches("[0-9a-fA-F]{1,15}")) {
        throw malformed("chunk size \"" + size + "\"");
      }
      long n = Long.parseLong(size, 16);
      if (n == 0) {
        for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
          // trailers are allowed and ignored
        }
        return;
      }
      skip(n);
      if (!line().isEmpty()) {
        throw malformed("chunk data longer than its size");
      }
    }
  }

  private void skip(long n) {
    if (bytes.length - at < n) {
      throw malformed("body of " + n + " bytes with " + (bytes.length - at) + " left");
    }
    at += (int) n;
  }

  private String line() {
    for (int i = at; i + 1 < bytes.length; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        String line = new String(bytes, at, i - at, ISO_8859_1);
        at = i + 2;
        return line;
      }
      if (bytes[i] == '\n') {
        break;
      }
    }
    throw malformed("a line not ended by CRLF");
  }

  private AssertionError malformed(String what) {
    return new AssertionError("malformed response at byte " + at + ": " + what + "\n" + text());
  }

  private String text() {
    return new String(bytes, 0, Math.min(bytes.length, 2000), ISO_8859_1);
  }
}
