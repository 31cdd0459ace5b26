package io.github.tornadoserver.httputil;

/** Character classes of RFC 9110 section 5.6 and log-safe quoting for error messages. */
final class Ascii {

  private static final int MAX_QUOTED = 100;

  /** {@code TCHAR[b & 0xff]}: whether the byte is an RFC 9110 tchar. */
  private static final boolean[] TCHAR = new boolean[256];

  static {
    for (int c = 0; c < 128; c++) {
      TCHAR[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TCHAR[c] = true;
    }
  }

  private Ascii() {}

  /** RFC 9110 section 5.6.2: tchar = ALPHA / DIGIT / one of {@code !#$%&'*+-.^_`|~}. */
  static boolean isTchar(char c) {
    return c < 256 && TCHAR[c];
  }

  /** {@link #isTchar(char)} for a received byte. */
  static boolean isTchar(byte b) {
    return TCHAR[b & 0xff];
  }

  /** {@link #isCtl(char)} for a received byte. */
  static boolean isCtl(byte b) {
    return (b >= 0 && b < 0x20) || b == 0x7F;
  }

  /**
   * Whether {@code a} and {@code b} are equal when A-Z and a-z are folded together (nothing else).
   */
  static boolean equalsIgnoreAsciiCase(String a, String b) {
    int n = a.length();
    if (n != b.length()) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y && (lowerChar(x) != lowerChar(y))) {
        return false;
      }
    }
    return true;
  }

  private static char lowerChar(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  /** RFC 9110 section 5.6.2: token = 1*tchar. */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isTchar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** RFC 5234 CTL: 0x00-0x1F and DEL. */
  static boolean isCtl(char c) {
    return c < 0x20 || c == 0x7F;
  }

  /** RFC 9110 section 5.6.3: OWS is SP / HTAB. */
  static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** Lower-cases A-Z only; independent of the default locale (no Turkish dotless i). */
  static String lower(String s) {
    int i = 0;
    while (i < s.length() && !(s.charAt(i) >= 'A' && s.charAt(i) <= 'Z')) {
      i++;
    }
    if (i == s.length()) {
      return s;
    }
    char[] chars = s.toCharArray();
    for (; i < chars.length; i++) {
      if (chars[i] >= 'A' && chars[i] <= 'Z') {
        chars[i] = (char) (chars[i] + ('a' - 'A'));
      }
    }
    return new String(chars);
  }

  /** Strips leading and trailing SP / HTAB (RFC 9110 section 5.5: OWS around a field value). */
  static String trimOws(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isOws(s.charAt(start))) {
      start++;
    }
    while (end > start && isOws(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  /**
   * Double-quotes {@code s} for an error message: control characters become {@code \xNN} (so a
   * message never splits a log line) and long values are cut at 100 characters.
   */
  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    int n = Math.min(s.length(), MAX_QUOTED);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (isCtl(c)) {
        out.append(String.format("\\x%02x", (int) c));
      } else if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else {
        out.append(c);
      }
    }
    out.append('"');
    if (s.length() > MAX_QUOTED) {
      out.append("...");
    }
    return out.toString();
  }
}
