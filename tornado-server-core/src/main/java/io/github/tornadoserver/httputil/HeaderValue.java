package io.github.tornadoserver.httputil;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A field value of the form {@code value *( OWS ";" OWS name "=" (token / quoted-string) )} (RFC
 * 9110 section 5.6.6), as {@code Content-Type} and {@code Content-Disposition} use. Tornado's
 * {@code _parse_header}. Parameter names are lower-cased (they are case-insensitive); a later
 * duplicate parameter is ignored. Malformed parameters are skipped rather than refused: the caller
 * decides whether what is left is enough.
 */
record HeaderValue(String value, Map<String, String> params) {

  static HeaderValue parse(String field) {
    int semi = nextSemicolon(field, 0);
    String value = Ascii.trimOws(field.substring(0, semi));
    Map<String, String> params = new LinkedHashMap<>();
    while (semi < field.length()) {
      int start = semi + 1;
      semi = nextSemicolon(field, start);
      String param = Ascii.trimOws(field.substring(start, semi));
      int eq = param.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String name = Ascii.lower(Ascii.trimOws(param.substring(0, eq)));
      params.putIfAbsent(name, unquote(Ascii.trimOws(param.substring(eq + 1))));
    }
    return new HeaderValue(value, params);
  }

  /** Finds the next {@code ;} outside a quoted-string, or the end. */
  private static int nextSemicolon(String s, int from) {
    boolean quoted = false;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ';' && !quoted) {
        return i;
      }
    }
    return s.length();
  }

  /** RFC 9110 section 5.6.4: strips DQUOTEs and undoes quoted-pair escapes. */
  static String unquote(String s) {
    if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 1; i < s.length() - 1; i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length() - 1) {
        c = s.charAt(++i);
      }
      out.append(c);
    }
    return out.toString();
  }

  /**
   * Decodes an RFC 8187 (formerly RFC 5987) extended value, {@code charset "'" [language] "'"
   * value-chars}, where value-chars are percent-encoded octets.
   *
   * @return the decoded text, or null if malformed or the charset is unknown
   */
  static String decodeExtended(String ext) {
    int q1 = ext.indexOf('\'');
    int q2 = q1 < 0 ? -1 : ext.indexOf('\'', q1 + 1);
    if (q2 < 0) {
      return null;
    }
    Charset charset;
    try {
      charset = Charset.forName(ext.substring(0, q1));
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return null;
    }
    if (!charset.equals(StandardCharsets.UTF_8) && !charset.equals(StandardCharsets.ISO_8859_1)) {
      return null; // RFC 8187 section 3.2.1: only these two are required; others are refused.
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = q2 + 1; i < ext.length(); i++) {
      char c = ext.charAt(i);
      if (c == '%') {
        int hi = i + 2 < ext.length() ? Ascii.hexValue(ext.charAt(i + 1)) : -1;
        int lo = hi < 0 ? -1 : Ascii.hexValue(ext.charAt(i + 2));
        if (lo < 0) {
          return null;
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return bytes.toString(charset);
  }
}
