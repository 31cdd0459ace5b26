package io.github.tornadoserver.httputil;

import io.github.tornadoserver.netutil.NetUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Tornado's {@code httputil} functions used by a server: query strings and form bodies ({@code
 * parse_qs_bytes}, {@code parse_body_arguments}), cookies ({@code parse_cookie}) and the authority
 * ({@code split_host_and_port}, plus a Host validator). No I/O, no state; safe from any thread.
 */
public final class HTTPUtil {

  /** Most parts a {@code multipart/form-data} body may have (Tornado's {@code max_parts}). */
  public static final int MAX_MULTIPART_PARTS = 100;

  /** Most bytes of header block per multipart part (Tornado's {@code max_part_header_size}). */
  public static final int MAX_MULTIPART_HEADER_SIZE = 10 * 1024;

  private HTTPUtil() {}

  /**
   * Parses an {@code application/x-www-form-urlencoded} string (the query of a request-target, or a
   * form body): pairs separated by {@code &}, name and value split at the first {@code =}. In names
   * and values {@code +} is a space and {@code %HH} an octet; the octets are decoded as UTF-8, with
   * U+FFFD for malformed sequences. A {@code %} not followed by two hex digits is kept literally. A
   * pair without {@code =} has an empty value; empty pairs are skipped.
   *
   * <p>The input is taken as received: each {@code char} up to U+00FF is one octet (ISO-8859-1, as
   * the request line is read), so raw UTF-8 bytes in a target decode correctly; a {@code char}
   * above U+00FF is taken as its UTF-8 encoding.
   *
   * @param qs the query string, without the {@code ?}; null or empty gives an empty map
   * @param keepBlankValues whether pairs with an empty value are kept (Tornado keeps them for
   *     request arguments)
   * @return a new mutable map, names in order of first appearance, values in order
   */
  public static Map<String, List<String>> parseQueryString(String qs, boolean keepBlankValues) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    if (qs != null) {
      parseQueryInto(qs, keepBlankValues, result);
    }
    return result;
  }

  private static void parseQueryInto(
      String qs, boolean keepBlankValues, Map<String, List<String>> into) {
    int start = 0;
    while (start <= qs.length()) {
      int amp = qs.indexOf('&', start);
      int end = amp < 0 ? qs.length() : amp;
      if (end > start) {
        int eq = qs.indexOf('=', start);
        int nameEnd = eq < 0 || eq > end ? end : eq;
        String value = nameEnd == end ? "" : formDecode(qs, nameEnd + 1, end);
        if (keepBlankValues || !value.isEmpty()) {
          String name = formDecode(qs, start, nameEnd);
          into.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
      }
      start = end + 1;
    }
  }

  /** Decodes one form component: {@code +} to space, {@code %HH} to an octet, then UTF-8. */
  static String formDecode(String s, int from, int to) {
    boolean plain = true;
    for (int i = from; i < to && plain; i++) {
      char c = s.charAt(i);
      plain = c != '%' && c != '+' && c < 0x80;
    }
    if (plain) {
      return s.substring(from, to);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      int hi = c == '%' && i + 2 < to ? Ascii.hexValue(s.charAt(i + 1)) : -1;
      int lo = hi < 0 ? -1 : Ascii.hexValue(s.charAt(i + 2));
      if (lo >= 0) {
        bytes.write(hi * 16 + lo);
        i += 2;
      } else if (c == '+') {
        bytes.write(' ');
      } else if (c <= 0xFF) {
        bytes.write(c);
      } else {
        int cp = s.codePointAt(i);
        bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp) - 1;
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /**
   * Parses a form body into {@code arguments} and {@code files} (Tornado's {@code
   * parse_body_arguments}). {@code application/x-www-form-urlencoded} bodies are parsed as {@link
   * #parseQueryString} keeping blank values (the body read as ISO-8859-1 octets, so percent-escapes
   * and raw bytes both decode as UTF-8). {@code multipart/form-data} bodies are parsed per RFC
   * 7578: the {@code boundary} parameter (quoted or not), parts with {@code Content-Disposition:
   * form-data; name=...}, and those with a non-empty {@code filename} (or RFC 8187 {@code
   * filename*}, which wins) become {@link HTTPFile}s; an empty filename makes an ordinary argument,
   * as in Tornado. Part content is decoded as UTF-8 (RFC 7578 section 5.1.2). Other content types,
   * and a null one, are ignored. Media types match ignoring ASCII case (RFC 9110 section 8.3.1).
   *
   * @param contentType the request's {@code Content-Type}, or null
   * @param body the request body
   * @param arguments where arguments are added (values appended to existing names)
   * @param files where files are added
   * @param headers the request headers, to check {@code Content-Encoding}; may be null
   * @throws HTTPInputException "Unsupported Content-Encoding" quoting it when a form body carries a
   *     {@code Content-Encoding} other than {@code identity} (the body would need decompressing
   *     first); for multipart, when the boundary is missing or over 70 characters, no delimiter or
   *     no final {@code --boundary--} is found, there are more than {@value #MAX_MULTIPART_PARTS}
   *     parts, a part's header block exceeds {@value #MAX_MULTIPART_HEADER_SIZE} bytes, has no
   *     empty line, no {@code form-data} disposition or no name, or a part header is malformed (as
   *     {@link HTTPHeaders#parse(String)})
   * @throws NullPointerException if {@code body}, {@code arguments} or {@code files} is null
   */
  public static void parseBodyArguments(
      String contentType,
      byte[] body,
      Map<String, List<String>> arguments,
      Map<String, List<HTTPFile>> files,
      HTTPHeaders headers)
      throws HTTPInputException {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(arguments, "arguments");
    Objects.requireNonNull(files, "files");
    if (contentType == null) {
      return;
    }
    HeaderValue type = HeaderValue.parse(contentType);
    String mediaType = Ascii.lower(type.value());
    if (mediaType.equals("application/x-www-form-urlencoded")) {
      checkIdentityEncoding(headers);
      parseQueryInto(new String(body, StandardCharsets.ISO_8859_1), true, arguments);
    } else if (mediaType.equals("multipart/form-data")) {
      checkIdentityEncoding(headers);
      Multipart.parse(type.params().get("boundary"), body, arguments, files);
    }
  }

  private static void checkIdentityEncoding(HTTPHeaders headers) throws HTTPInputException {
    String encoding = headers == null ? null : headers.get("Content-Encoding");
    if (encoding != null && !Ascii.lower(Ascii.trimOws(encoding)).equals("identity")) {
      throw new HTTPInputException("Unsupported Content-Encoding: " + Ascii.quote(encoding));
    }
  }

  /**
   * Parses a {@code Cookie} header leniently, as browsers send it rather than as RFC 6265 section
   * 4.2.1 specifies: pairs separated by {@code ;}, name and value split at the first {@code =},
   * both trimmed of whitespace, a value in double quotes unquoted. A pair without {@code =} or with
   * an empty name is skipped. When a name repeats, the first value wins: RFC 6265 section 5.4 has
   * user agents send the cookie with the most specific path first (Tornado keeps the last).
   *
   * @param cookieHeader the header value; null gives an empty map
   * @return a new mutable map in order of appearance
   */
  public static Map<String, String> parseCookie(String cookieHeader) {
    Map<String, String> cookies = new LinkedHashMap<>();
    if (cookieHeader == null) {
      return cookies;
    }
    for (String pair : cookieHeader.split(";", -1)) {
      int eq = pair.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String name = pair.substring(0, eq).strip();
      String value = pair.substring(eq + 1).strip();
      if (name.isEmpty()) {
        continue;
      }
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      cookies.putIfAbsent(name, value);
    }
    return cookies;
  }

  /**
   * Tells whether any of {@code values} (the values of one list-valued field such as {@code
   * Connection}, RFC 9110 section 5.6.1) holds {@code token} as an element, ignoring ASCII case and
   * the whitespace around each element.
   *
   * @param values the field's values, each a comma-separated list
   * @param token the element looked for
   * @return true if one element equals {@code token}
   * @throws NullPointerException if an argument is null
   */
  public static boolean hasToken(List<String> values, String token) {
    for (String value : values) {
      if (hasToken(value, token)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasToken(String value, String token) {
    int start = 0;
    while (start <= value.length()) {
      int comma = value.indexOf(',', start);
      int end = comma < 0 ? value.length() : comma;
      int from = start;
      int to = end;
      while (from < to && Ascii.isOws(value.charAt(from))) {
        from++;
      }
      while (to > from && Ascii.isOws(value.charAt(to - 1))) {
        to--;
      }
      if (to - from == token.length() && value.regionMatches(true, from, token, 0, to - from)) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }

  /**
   * Whether a response with {@code status} never has content: 1xx, 204 and 304 (RFC 9110 section
   * 6.4.1), whatever its headers say.
   */
  public static boolean statusHasNoContent(int status) {
    return status < 200 || status == 204 || status == 304;
  }

  /**
   * Whether a whole response with {@code status} and {@code headers} is sent with a {@code
   * Content-Length} of its body (RFC 9112 section 6.3): unless the headers frame the body
   * themselves ({@code Content-Length} or {@code Transfer-Encoding}) or the status has no content
   * (a 1xx or 204 must not have the field, RFC 9110 section 8.6, and a 304's would be that of the
   * unsent representation, section 15.4.5).
   */
  public static boolean addsContentLength(int status, HTTPHeaders headers) {
    return !statusHasNoContent(status)
        && !headers.contains("Content-Length")
        && !headers.contains("Transfer-Encoding");
  }

  /**
   * The port {@link #splitHostAndPort} finds in {@code netloc}, as a number, without splitting it:
   * -1 when it has none or its digits are more than five.
   */
  static int portOf(String netloc) {
    int colon = netloc.lastIndexOf(':');
    int digits = netloc.length() - colon - 1;
    if (colon <= 0 || digits == 0 || digits > 5 || !allDigits(netloc, colon + 1)) {
      return -1;
    }
    boolean bracketed = colon >= 2 && netloc.charAt(0) == '[' && netloc.charAt(colon - 1) == ']';
    if (!bracketed && netloc.lastIndexOf(':', colon - 1) >= 0) {
      return -1; // an unbracketed IPv6 literal: its last colon is no port separator
    }
    int port = 0;
    for (int i = colon + 1; i < netloc.length(); i++) {
      port = port * 10 + netloc.charAt(i) - '0';
    }
    return port;
  }

  /**
   * Splits an authority into host and port (Tornado's {@code split_host_and_port}): {@code host:80}
   * gives {@code {"host", "80"}}, {@code [::1]:8080} gives {@code {"::1", "8080"}}, and a value
   * without a numeric port gives {@code {value, null}} with IPv6 brackets removed. Unlike Tornado,
   * an unbracketed IPv6 literal such as {@code ::1} is not split at its last colon.
   *
   * @param netloc the authority, for example a Host header value
   * @return a two-element array: the host, and the port digits or null
   * @throws NullPointerException if {@code netloc} is null
   */
  public static String[] splitHostAndPort(String netloc) {
    String host = netloc;
    String port = null;
    int colon = netloc.lastIndexOf(':');
    if (colon > 0 && colon < netloc.length() - 1 && allDigits(netloc, colon + 1)) {
      String before = netloc.substring(0, colon);
      if (before.indexOf(':') < 0 || isBracketed(before)) {
        host = before;
        port = netloc.substring(colon + 1);
      }
    }
    if (isBracketed(host)) {
      host = host.substring(1, host.length() - 1);
    }
    return new String[] {host, port};
  }

  private static boolean isBracketed(String s) {
    return s.length() >= 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']';
  }

  private static boolean allDigits(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (!Ascii.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Tells whether a {@code Host} header value is {@code uri-host [ ":" port ]} (RFC 9110 section
   * 7.2, RFC 3986 section 3.2.2): a reg-name (unreserved, sub-delims, pct-encoded), an IPv4
   * address, or a bracketed IPv6 or IPvFuture literal, then optionally a colon and at most five
   * digits up to 65535. Userinfo, spaces and control characters make it invalid. Two deliberate
   * choices: the empty value is valid (RFC 9110 section 7.2 allows it when the target has no
   * authority; Tornado accepts it), and a comma is invalid although RFC 3986 allows it in a
   * reg-name, because two Host fields joined give one (RFC 9112 section 3.2: answer 400).
   *
   * @param hostHeaderValue the field value; null is invalid
   * @return true if valid; the HTTP layer answers 400 otherwise
   */
  public static boolean isValidHost(String hostHeaderValue) {
    if (hostHeaderValue == null) {
      return false;
    }
    String host = hostHeaderValue;
    int portStart = -1;
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      if (close < 0 || !isIpLiteral(host.substring(1, close))) {
        return false;
      }
      if (close + 1 < host.length()) {
        if (host.charAt(close + 1) != ':') {
          return false;
        }
        portStart = close + 2;
      }
    } else {
      int colon = host.indexOf(':');
      int nameEnd = colon >= 0 ? colon : host.length();
      if (colon == 0 || !isRegName(host, nameEnd)) {
        return false;
      }
      portStart = colon >= 0 ? colon + 1 : -1;
    }
    return portStart < 0 || isPort(host, portStart);
  }

  /** RFC 3986 section 3.2.2: reg-name = *( unreserved / pct-encoded / sub-delims ), minus ",". */
  private static boolean isRegName(String s, int end) {
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= end
            || Ascii.hexValue(s.charAt(i + 1)) < 0
            || Ascii.hexValue(s.charAt(i + 2)) < 0) {
          return false;
        }
        i += 2;
      } else if (!isUnreserved(c) && "!$&'()*+;=".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isUnreserved(char c) {
    return c >= 'a' && c <= 'z'
        || c >= 'A' && c <= 'Z'
        || Ascii.isDigit(c)
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  /** RFC 3986 section 3.2.2: IP-literal = "[" ( IPv6address / IPvFuture ) "]". */
  private static boolean isIpLiteral(String s) {
    if (s.length() > 1 && (s.charAt(0) == 'v' || s.charAt(0) == 'V')) {
      return isIpvFuture(s);
    }
    return s.indexOf(':') >= 0 && s.indexOf('%') < 0 && NetUtil.isValidIp(s);
  }

  /** IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" ). */
  private static boolean isIpvFuture(String s) {
    int dot = s.indexOf('.');
    if (dot < 2 || dot == s.length() - 1) {
      return false;
    }
    for (int i = 1; i < dot; i++) {
      if (Ascii.hexValue(s.charAt(i)) < 0) {
        return false;
      }
    }
    for (int i = dot + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isUnreserved(c) && "!$&'()*+,;=:".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The port after {@code from} in {@code s}: empty, or at most 65535 in at most 5 digits (RFC 3986
   * section 3.2.3 allows any run of digits, port = *DIGIT; a socket's port cannot be more).
   */
  private static boolean isPort(String s, int from) {
    int length = s.length() - from;
    if (length > 5 || !allDigits(s, from)) {
      return false;
    }
    int port = 0;
    for (int i = from; i < s.length(); i++) {
      port = port * 10 + s.charAt(i) - '0';
    }
    return port <= 65535;
  }
}
