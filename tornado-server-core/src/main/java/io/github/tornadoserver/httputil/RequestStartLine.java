package io.github.tornadoserver.httputil;

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
