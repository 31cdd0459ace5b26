package io.github.tornadoserver.http1connection;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.ResponseStartLine;

/**
 * Encodes a response head straight into bytes: the status line, the application's fields in its
 * order, and the fields the connection adds ({@code Transfer-Encoding}, {@code Connection}, {@code
 * Date}), without copying the application's headers. Each {@code char} is written as one byte
 * (ISO-8859-1, RFC 9110 §5.5); a character beyond it becomes {@code ?}.
 */
final class ResponseHead {
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] CONTENT_LENGTH = {
    'C', 'o', 'n', 't', 'e', 'n', 't', '-', 'L', 'e', 'n', 'g', 't', 'h', ':', ' '
  };

  private final byte[] out;
  private int at;

  private ResponseHead(int capacity) {
    this.out = new byte[capacity];
  }

  /**
   * @param contentLength a {@code Content-Length} to add after the application's fields, or -1
   * @param connection the {@code Connection} value that replaces the application's, or null to keep
   *     the application's fields as they are
   * @param chunked whether to add {@code Transfer-Encoding: chunked}
   * @param dateLine the whole {@code Date} field line to add (CRLF included), or null when the
   *     application set one
   * @param room bytes left free at the end of the array, for a body sent in the same write
   */
  static byte[] encode(
      ResponseStartLine startLine,
      HTTPHeaders headers,
      long contentLength,
      boolean chunked,
      String connection,
      byte[] dateLine,
      int room) {
    int size = size(startLine, headers, chunked, connection, dateLine);
    size += contentLength < 0 ? 0 : CONTENT_LENGTH.length + digits(contentLength) + 2;
    ResponseHead head = new ResponseHead(size + room);
    head.statusLine(startLine);
    boolean connectionWritten = false;
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i);
      if (connection != null && name.equalsIgnoreCase("Connection")) {
        if (!connectionWritten) {
          head.field("Connection", connection);
          connectionWritten = true;
        }
        continue;
      }
      head.field(name, headers.value(i));
    }
    if (contentLength >= 0) {
      head.bytes(CONTENT_LENGTH);
      head.number(contentLength);
      head.bytes(CRLF);
    }
    if (chunked) {
      head.field("Transfer-Encoding", "chunked");
    }
    if (connection != null && !connectionWritten) {
      head.field("Connection", connection);
    }
    if (dateLine != null) {
      head.bytes(dateLine);
    }
    head.bytes(CRLF);
    return head.out;
  }

  /** The exact encoded length (one byte per char), so the array is filled without a copy. */
  private static int size(
      ResponseStartLine startLine,
      HTTPHeaders headers,
      boolean chunked,
      String connection,
      byte[] dateLine) {
    int size = 9 + 4 + startLine.reason().length() + 2 + 2;
    for (int i = 0; i < headers.size(); i++) {
      if (connection == null || !headers.name(i).equalsIgnoreCase("Connection")) {
        size += headers.name(i).length() + 2 + headers.value(i).length() + 2;
      }
    }
    size += chunked ? "Transfer-Encoding: chunked\r\n".length() : 0;
    size += connection == null ? 0 : 12 + connection.length() + 2;
    size += dateLine == null ? 0 : dateLine.length;
    return size;
  }

  private void statusLine(ResponseStartLine startLine) {
    text("HTTP/1.1 ");
    int code = startLine.code();
    out[at++] = (byte) ('0' + code / 100);
    out[at++] = (byte) ('0' + code / 10 % 10);
    out[at++] = (byte) ('0' + code % 10);
    out[at++] = ' ';
    text(startLine.reason());
    bytes(CRLF);
  }

  private void field(String name, String value) {
    text(name);
    out[at++] = ':';
    out[at++] = ' ';
    text(value);
    bytes(CRLF);
  }

  private void text(String s) {
    byte[] dst = out;
    int p = at;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      dst[p++] = c > 0xff ? (byte) '?' : (byte) c;
    }
    at = p;
  }

  /** The decimal digits of {@code n}, which is not negative. */
  private static int digits(long n) {
    int count = 1;
    for (long rest = n / 10; rest > 0; rest /= 10) {
      count++;
    }
    return count;
  }

  private void number(long n) {
    int end = at + digits(n);
    long rest = n;
    for (int p = end - 1; p >= at; p--) {
      out[p] = (byte) ('0' + rest % 10);
      rest /= 10;
    }
    at = end;
  }

  private void bytes(byte[] b) {
    System.arraycopy(b, 0, out, at, b.length);
    at += b.length;
  }
}
