package io.github.tornadoserver.http1connection;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPInputException;
import io.github.tornadoserver.httputil.HTTPUtil;
import io.github.tornadoserver.httputil.RejectionReason;
import io.github.tornadoserver.httputil.RequestStartLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed and validated request head: start line, fields, and the body framing decided once from
 * them (RFC 9112 §6). Every ambiguity a request smuggler could use is refused here, before any
 * handler sees the request.
 */
final class RequestHead {
  /** How the request body is delimited. */
  enum Framing {
    NONE,
    FIXED,
    CHUNKED
  }

  final RequestStartLine startLine;
  final HTTPHeaders headers;
  final boolean http11;
  final Framing framing;
  final long contentLength;
  final boolean keepAliveRequested;
  final boolean expectContinue;
  final boolean gzipBody;

  private RequestHead(
      RequestStartLine startLine,
      HTTPHeaders headers,
      boolean http11,
      Framing framing,
      long contentLength) {
    this.startLine = startLine;
    this.headers = headers;
    this.http11 = http11;
    this.framing = framing;
    this.contentLength = contentLength;
    this.keepAliveRequested = keepAliveRequested(headers, http11);
    this.expectContinue = http11 && "100-continue".equalsIgnoreCase(trimmed(headers, "Expect"));
    this.gzipBody = "gzip".equalsIgnoreCase(trimmed(headers, "Content-Encoding"));
  }

  /**
   * Parses the bytes of a head (through its blank line).
   *
   * @throws RequestRejectedException with 400, 501 or 505 and the reason
   */
  static RequestHead parse(byte[] bytes) throws RequestRejectedException {
    int start = 0;
    // RFC 9112 §2.2: a server SHOULD ignore at least one empty line received before the
    // request-line; one is ignored, a second is an error (as in Tornado).
    if (bytes.length > 1 && bytes[0] == '\r' && bytes[1] == '\n') {
      start = 2;
    } else if (bytes.length > 0 && bytes[0] == '\n') {
      start = 1;
    }
    int eol = indexOfLf(bytes, start);
    if (eol <= start) {
      throw RequestRejectedException.badRequest("empty request line");
    }
    int lineEnd = bytes[eol - 1] == '\r' ? eol - 1 : eol;
    RequestStartLine startLine;
    HTTPHeaders headers;
    try {
      startLine = RequestStartLine.parse(bytes, start, lineEnd);
      headers = HTTPHeaders.parse(bytes, eol + 1, bytes.length);
    } catch (HTTPInputException e) {
      throw RequestRejectedException.badRequest(e.getMessage());
    }
    boolean http11 = checkVersion(startLine.version());
    checkHost(headers, http11);
    return framed(startLine, headers, http11);
  }

  private static int indexOfLf(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** RFC 9110 §2.5: a later 1.x minor version is answered as 1.1; another major is 505. */
  private static boolean checkVersion(String version) throws RequestRejectedException {
    char major = version.charAt(5);
    if (major != '1') {
      throw new RequestRejectedException(
          505, RejectionReason.VERSION_NOT_SUPPORTED, "unsupported HTTP version " + version);
    }
    return version.charAt(7) != '0';
  }

  /** RFC 9112 §3.2: exactly one valid Host field in HTTP/1.1; at most one in HTTP/1.0. */
  private static void checkHost(HTTPHeaders headers, boolean http11)
      throws RequestRejectedException {
    int hosts = headers.count("Host");
    if (hosts > 1) {
      throw RequestRejectedException.badRequest("more than one Host field");
    }
    if (hosts == 0) {
      if (http11) {
        throw RequestRejectedException.badRequest("missing Host field in an HTTP/1.1 request");
      }
      return;
    }
    if (!HTTPUtil.isValidHost(headers.getFirst("Host"))) {
      throw RequestRejectedException.badRequest("invalid Host field value");
    }
  }

  private static RequestHead framed(RequestStartLine startLine, HTTPHeaders headers, boolean http11)
      throws RequestRejectedException {
    List<String> transferEncoding = headers.getList("Transfer-Encoding");
    List<String> contentLength = headers.getList("Content-Length");
    if (!transferEncoding.isEmpty()) {
      // RFC 9112 §6.1: both together is a smuggling vector; refuse instead of guessing.
      if (!contentLength.isEmpty()) {
        throw RequestRejectedException.badRequest("both Content-Length and Transfer-Encoding");
      }
      if (!http11) {
        throw RequestRejectedException.badRequest("Transfer-Encoding in an HTTP/1.0 request");
      }
      checkTransferCodings(transferEncoding);
      return new RequestHead(startLine, headers, http11, Framing.CHUNKED, -1);
    }
    if (!contentLength.isEmpty()) {
      long length = contentLength(contentLength);
      Framing framing = length == 0 ? Framing.NONE : Framing.FIXED;
      return new RequestHead(startLine, headers, http11, framing, length);
    }
    return new RequestHead(startLine, headers, http11, Framing.NONE, 0);
  }

  /** RFC 9112 §6.1 and §7: only {@code chunked}, once, as the final coding. */
  private static void checkTransferCodings(List<String> values) throws RequestRejectedException {
    List<String> codings = new ArrayList<>();
    for (String value : values) {
      for (String coding : value.split(",", -1)) {
        String name = coding.trim().toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
          throw RequestRejectedException.badRequest("empty transfer coding");
        }
        codings.add(name);
      }
    }
    long chunked = codings.stream().filter("chunked"::equals).count();
    if (chunked > 1) {
      throw RequestRejectedException.badRequest("chunked transfer coding applied twice");
    }
    if (chunked == 1 && !codings.get(codings.size() - 1).equals("chunked")) {
      throw RequestRejectedException.badRequest("chunked is not the final transfer coding");
    }
    for (String coding : codings) {
      if (!coding.equals("chunked")) {
        throw new RequestRejectedException(
            501,
            RejectionReason.UNSUPPORTED_TRANSFER_CODING,
            "unsupported transfer coding " + coding);
      }
    }
  }

  /**
   * RFC 9110 §8.6: 1*DIGIT; a list or repeated field is accepted only when every value is the same.
   */
  private static long contentLength(List<String> values) throws RequestRejectedException {
    long length = -1;
    for (String value : values) {
      for (String part : value.split(",", -1)) {
        long parsed = digits(part.trim());
        if (length >= 0 && parsed != length) {
          throw RequestRejectedException.badRequest("differing Content-Length values");
        }
        length = parsed;
      }
    }
    return length;
  }

  private static long digits(String value) throws RequestRejectedException {
    if (value.isEmpty() || value.length() > 18) {
      throw RequestRejectedException.badRequest("invalid Content-Length " + value);
    }
    long result = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        throw RequestRejectedException.badRequest("invalid Content-Length " + value);
      }
      result = result * 10 + (c - '0');
    }
    return result;
  }

  /** RFC 9112 §9.3: 1.1 persists unless "close"; 1.0 only with "keep-alive". */
  private static boolean keepAliveRequested(HTTPHeaders headers, boolean http11) {
    List<String> connection = headers.getList("Connection");
    if (connection.isEmpty()) {
      return http11;
    }
    if (HTTPUtil.hasToken(connection, "close")) {
      return false;
    }
    return http11 || HTTPUtil.hasToken(connection, "keep-alive");
  }

  private static String trimmed(HTTPHeaders headers, String name) {
    String value = headers.get(name);
    return value == null ? null : value.trim();
  }

  boolean isHead() {
    return startLine.method().equals("HEAD");
  }
}
