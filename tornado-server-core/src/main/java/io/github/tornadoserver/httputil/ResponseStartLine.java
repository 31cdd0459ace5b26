package io.github.tornadoserver.httputil;

import java.util.Objects;

/**
 * The status line of an HTTP/1.x response (RFC 9112 section 4): {@code HTTP-version SP status-code
 * SP [reason-phrase]}. Tornado's {@code ResponseStartLine}.
 *
 * @param version the protocol version, for example {@code HTTP/1.1}
 * @param code the status code, 100 to 999 (RFC 9110 section 15: three digits)
 * @param reason the reason phrase, possibly empty
 */
public record ResponseStartLine(String version, int code, String reason) {

  /** {@link #of} for 100 to 599, made once: a response needs no new status line. */
  private static final ResponseStartLine[] STANDARD = standardLines();

  /**
   * Checks the components, so an encoded status line is always one well-formed line.
   *
   * @throws IllegalArgumentException if {@code code} is not three digits, {@code version} does not
   *     match {@code HTTP/DIGIT.DIGIT}, or {@code reason} contains a control character other than
   *     HTAB (RFC 9112 section 4: reason-phrase = *( HTAB / SP / VCHAR / obs-text ))
   * @throws NullPointerException if {@code version} or {@code reason} is null
   */
  public ResponseStartLine {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(reason, "reason");
    if (code < 100 || code > 999) {
      throw new IllegalArgumentException("code: " + code + " (expected: 100..999)");
    }
    if (!RequestStartLine.isVersion(version)) {
      throw new IllegalArgumentException(
          "version: " + Ascii.quote(version) + " (expected: HTTP/DIGIT.DIGIT)");
    }
    if (!isReason(reason)) {
      throw new IllegalArgumentException(
          "reason: " + Ascii.quote(reason) + " (expected: no control characters but HTAB)");
    }
  }

  /**
   * Returns an {@code HTTP/1.1} status line with the standard reason phrase for {@code code}.
   *
   * @param code the status code, 100 to 999
   * @return the status line
   * @throws IllegalArgumentException if {@code code} is out of range
   */
  public static ResponseStartLine of(int code) {
    if (code >= 100 && code < 100 + STANDARD.length) {
      return STANDARD[code - 100];
    }
    return new ResponseStartLine("HTTP/1.1", code, reasonPhrase(code));
  }

  private static ResponseStartLine[] standardLines() {
    ResponseStartLine[] lines = new ResponseStartLine[500];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = new ResponseStartLine("HTTP/1.1", 100 + i, reasonPhrase(100 + i));
    }
    return lines;
  }

  /**
   * Parses a status line without its line terminator. The space before an empty reason phrase may
   * be missing (a tolerance for clients of RFC 9112 section 4, which says the reason is to be
   * ignored anyway).
   *
   * @param line the status line, one {@code char} per received byte (ISO-8859-1)
   * @return the parsed line
   * @throws HTTPInputException "Malformed HTTP response line" quoting the line when the version is
   *     not {@code HTTP/DIGIT.DIGIT}, the code is not three digits of at least 100, the separators
   *     are not single spaces, or the reason contains a control character other than HTAB
   * @throws NullPointerException if {@code line} is null
   */
  public static ResponseStartLine parse(String line) throws HTTPInputException {
    if (line.length() < 12 || line.charAt(8) != ' ') {
      throw malformed(line);
    }
    String version = line.substring(0, 8);
    String digits = line.substring(9, 12);
    if (!RequestStartLine.isVersion(version) || !isStatusCode(digits)) {
      throw malformed(line);
    }
    String reason = "";
    if (line.length() > 12) {
      if (line.charAt(12) != ' ') {
        throw malformed(line);
      }
      reason = line.substring(13);
    }
    if (!isReason(reason)) {
      throw malformed(line);
    }
    return new ResponseStartLine(version, Integer.parseInt(digits), reason);
  }

  /**
   * Returns the reason phrase of RFC 9110 section 15 (and 6585's 428, 429, 431, 7725's 451) for a
   * status code.
   *
   * @param code any integer
   * @return the phrase, or {@code "Unknown"} for a code without a registered one
   */
  public static String reasonPhrase(int code) {
    return ReasonPhrases.of(code);
  }

  /**
   * Renders the line without terminator, as {@code HTTP/1.1 200 OK}.
   *
   * @return the status line
   */
  public String encode() {
    return version + ' ' + code + ' ' + reason;
  }

  /** Same as {@link #encode()}. */
  @Override
  public String toString() {
    return encode();
  }

  private static boolean isStatusCode(String digits) {
    for (int i = 0; i < 3; i++) {
      if (!Ascii.isDigit(digits.charAt(i))) {
        return false;
      }
    }
    return digits.charAt(0) != '0';
  }

  private static boolean isReason(String reason) {
    for (int i = 0; i < reason.length(); i++) {
      char c = reason.charAt(i);
      if (Ascii.isCtl(c) && c != '\t') {
        return false;
      }
    }
    return true;
  }

  private static HTTPInputException malformed(String line) {
    return new HTTPInputException("Malformed HTTP response line " + Ascii.quote(line));
  }
}
