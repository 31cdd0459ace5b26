package io.github.tornadoserver.httputil;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The request line of an HTTP/1.x request (RFC 9112 section 3): {@code method SP request-target SP
 * HTTP-version}. Tornado's {@code RequestStartLine}; {@code uri} is the request-target exactly as
 * received, in any of the four forms of RFC 9112 section 3.2 (origin, absolute, authority,
 * asterisk).
 *
 * @param method the method token, case preserved (RFC 9110 section 9.1: methods are case-sensitive)
 * @param uri the request-target as received
 * @param version the protocol version, for example {@code HTTP/1.1}
 */
public record RequestStartLine(String method, String uri, String version) {
  private static final String[] COMMON_METHODS = {"GET", "POST", "HEAD", "PUT", "DELETE"};

  /**
   * Checks the components.
   *
   * @throws NullPointerException if any component is null
   */
  public RequestStartLine {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(version, "version");
  }

  /**
   * Parses a request line without its line terminator, strictly: exactly three parts separated by
   * single spaces. RFC 9112 section 3 lets a recipient split on any whitespace instead; we do not,
   * since a lenient split is where parsers in a proxy chain start to disagree.
   *
   * <p>The version is only checked for the {@code HTTP/DIGIT.DIGIT} syntax (RFC 9112 section 2.3);
   * whether a major version other than 1 is served (Tornado answers 400, RFC 9110 section 15.6.6
   * suggests 505) is the connection's decision.
   *
   * @param line the request line, one {@code char} per received byte (ISO-8859-1)
   * @return the parsed line
   * @throws HTTPInputException "Malformed HTTP request line" quoting the line when it does not have
   *     three single-space-separated parts, the method is not a token (RFC 9110 section 9.1), the
   *     target is empty or contains a control character or space, or the version does not match
   *     {@code HTTP/DIGIT.DIGIT} (case-sensitive, RFC 9112 section 2.3)
   * @throws NullPointerException if {@code line} is null
   */
  public static RequestStartLine parse(String line) throws HTTPInputException {
    int sp1 = line.indexOf(' ');
    int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
    if (sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0) {
      throw malformed(line, "expected three parts separated by single spaces");
    }
    String method = line.substring(0, sp1);
    String target = line.substring(sp1 + 1, sp2);
    String version = line.substring(sp2 + 1);
    if (!Ascii.isToken(method)) {
      throw malformed(line, "method is not a token");
    }
    if (!isTarget(target)) {
      throw malformed(line, "bad request-target");
    }
    if (!isVersion(version)) {
      throw malformed(line, "bad HTTP-version");
    }
    return new RequestStartLine(method, target, version);
  }

  /**
   * Parses the request line in {@code bytes[from, to)} (without its line terminator) by the rules
   * of {@link #parse(String)}, straight from the received bytes; the common methods and versions
   * come back as shared constant strings.
   *
   * @param bytes received bytes
   * @param from index of the line's first byte
   * @param to index just past the line's last byte
   * @return the parsed line
   * @throws HTTPInputException as {@link #parse(String)}
   * @throws IndexOutOfBoundsException if the range is not within {@code bytes}
   */
  public static RequestStartLine parse(byte[] bytes, int from, int to) throws HTTPInputException {
    Objects.checkFromToIndex(from, to, bytes.length);
    int sp1 = indexOfSpace(bytes, from, to);
    int sp2 = sp1 < 0 ? -1 : indexOfSpace(bytes, sp1 + 1, to);
    if (sp2 < 0 || indexOfSpace(bytes, sp2 + 1, to) >= 0) {
      throw malformed(bytes, from, to, "expected three parts separated by single spaces");
    }
    if (!isToken(bytes, from, sp1)) {
      throw malformed(bytes, from, to, "method is not a token");
    }
    if (!isTarget(bytes, sp1 + 1, sp2)) {
      throw malformed(bytes, from, to, "bad request-target");
    }
    String version = latin1(bytes, sp2 + 1, to);
    if (!isVersion(version)) {
      throw malformed(bytes, from, to, "bad HTTP-version");
    }
    return new RequestStartLine(method(bytes, from, sp1), latin1(bytes, sp1 + 1, sp2), version);
  }

  private static int indexOfSpace(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == ' ') {
        return i;
      }
    }
    return -1;
  }

  private static boolean isToken(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Ascii.isTchar(bytes[i])) {
        return false;
      }
    }
    return to > from;
  }

  private static boolean isTarget(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Ascii.isCtl(bytes[i])) {
        return false;
      }
    }
    return to > from;
  }

  /** The method, as a shared constant when it is one of the common ones. */
  private static String method(byte[] bytes, int from, int to) {
    for (String common : COMMON_METHODS) {
      if (common.length() == to - from && matches(common, bytes, from)) {
        return common;
      }
    }
    return latin1(bytes, from, to);
  }

  private static boolean matches(String text, byte[] bytes, int from) {
    for (int i = 0; i < text.length(); i++) {
      if (bytes[from + i] != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static String latin1(byte[] bytes, int from, int to) {
    int n = to - from;
    if (n == 8 && matches("HTTP/1.1", bytes, from)) {
      return "HTTP/1.1";
    }
    return new String(bytes, from, n, StandardCharsets.ISO_8859_1);
  }

  private static HTTPInputException malformed(byte[] bytes, int from, int to, String why) {
    return malformed(new String(bytes, from, to - from, StandardCharsets.ISO_8859_1), why);
  }

  /**
   * Renders the line without terminator, as {@code GET / HTTP/1.1}.
   *
   * @return the request line
   */
  public String encode() {
    return method + ' ' + uri + ' ' + version;
  }

  /** Same as {@link #encode()}. */
  @Override
  public String toString() {
    return encode();
  }

  /**
   * RFC 9112 section 3.2: the target forms consist of URI characters; we accept any VCHAR and
   * obs-text (bytes 0x80-0xFF, as Tornado does) and refuse controls, so nothing can smuggle a line
   * end through.
   */
  private static boolean isTarget(String target) {
    if (target.isEmpty()) {
      return false;
    }
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (Ascii.isCtl(c) || c == ' ') {
        return false;
      }
    }
    return true;
  }

  /** RFC 9112 section 2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT, case-sensitive. */
  static boolean isVersion(String version) {
    return version.length() == 8
        && version.startsWith("HTTP/")
        && Ascii.isDigit(version.charAt(5))
        && version.charAt(6) == '.'
        && Ascii.isDigit(version.charAt(7));
  }

  private static HTTPInputException malformed(String line, String why) {
    return new HTTPInputException(
        "Malformed HTTP request line " + Ascii.quote(line) + " (" + why + ")");
  }
}
