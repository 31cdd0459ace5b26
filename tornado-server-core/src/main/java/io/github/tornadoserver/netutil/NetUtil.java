package io.github.tornadoserver.netutil;

/**
 * Tornado's {@code tornado.netutil}: static helpers to bind listening sockets, accept connections
 * on an {@code IOLoop}, and check IP literals.
 *
 * <p>All methods are stateless and safe from any thread unless their Javadoc says otherwise.
 */
public final class NetUtil {

  private NetUtil() {}

  // ---------------------------------------------------------------- isValidIp

  /**
   * Whether {@code ip} is a well-formed IPv4 or IPv6 address literal. Purely syntactic: never
   * resolves a name and never looks at the host's network interfaces.
   *
   * <p>Accepted:
   *
   * <ul>
   *   <li>IPv4 in dotted-quad form only: exactly four decimal parts, each 0 to 255, without leading
   *       zeros ({@code 0.0.0.0} and {@code 10.0.0.1}, not {@code 010.0.0.1}).
   *   <li>IPv6 in every text form of RFC 4291 section 2.2: eight groups of one to four hex digits,
   *       one {@code ::} for a run of zero groups, and an IPv4 dotted quad in place of the last two
   *       groups ({@code ::ffff:1.2.3.4}); hex digits in either case.
   *   <li>An IPv6 address followed by a zone id ({@code fe80::1%lo}, {@code fe80::1%2}, RFC 4007
   *       section 11): a non-empty run of ASCII letters, digits, {@code .}, {@code _} or {@code -}.
   * </ul>
   *
   * <p>Differences from Tornado, which asks {@code getaddrinfo(AI_NUMERICHOST)}: the legacy {@code
   * inet_aton} IPv4 forms ({@code 127.1}, {@code 0x7f.0.0.1}, {@code 017.0.0.1}, {@code 1}, {@code
   * 4294967295}) are rejected, because different parsers read them differently (a leading zero
   * means octal to {@code inet_aton} and decimal to others), which is a known way to smuggle an
   * address past a filter; and a zone id is checked for its syntax only, so {@code fe80::1%eth99}
   * is accepted even when the host has no interface {@code eth99} (Tornado rejects it).
   *
   * <p>Rejected, among others: {@code null}, the empty string, any whitespace or control character
   * (including NUL and a newline), brackets ({@code [::1]}), prefix lengths ({@code ::1/128}), host
   * names ({@code localhost}), {@code 1.2.3.256}, {@code :::}, {@code 1::2::3}, nine groups, a
   * group of five hex digits, and an IPv4 part that is not last.
   *
   * @param ip the candidate text, may be {@code null}
   * @return true if {@code ip} is an IPv4 or IPv6 literal as described above
   */
  public static boolean isValidIp(String ip) {
    if (ip == null || ip.isEmpty()) {
      return false;
    }
    // Every character outside the small alphabets below (NUL, whitespace, brackets, '/', non-ASCII
    // digits) makes the parsers fail, so no separate character screening is needed.
    if (ip.indexOf(':') < 0) {
      return isIpv4(ip, 0, ip.length());
    }
    return isIpv6(ip);
  }

  /**
   * Whether {@code s[from, to)} is a strict dotted quad: four parts of one to three ASCII digits,
   * each at most 255 and without a leading zero (glibc's {@code inet_pton} rules, which are also
   * those of RFC 4291's embedded IPv4 form).
   */
  private static boolean isIpv4(String s, int from, int to) {
    int parts = 0;
    int i = from;
    while (true) {
      int start = i;
      int value = 0;
      while (i < to && isAsciiDigit(s.charAt(i))) {
        if (i - start == 3) {
          return false;
        }
        value = value * 10 + (s.charAt(i) - '0');
        i++;
      }
      int length = i - start;
      if (length == 0 || value > 255 || (length > 1 && s.charAt(start) == '0')) {
        return false;
      }
      parts++;
      if (i == to) {
        return parts == 4;
      }
      if (s.charAt(i) != '.' || parts == 4) {
        return false;
      }
      i++;
    }
  }

  /**
   * RFC 4291 section 2.2 text forms, with an optional zone id. Scans the groups left to right
   * counting them; {@code ::} may appear once and stands for at least one zero group, so a
   * compressed address has at most seven explicit groups (the embedded IPv4 tail counts as two).
   */
  private static boolean isIpv6(String s) {
    int end = s.indexOf('%');
    if (end < 0) {
      end = s.length();
    } else if (!isZoneId(s, end + 1, s.length())) {
      return false;
    }
    int groups = 0;
    boolean compressed = false;
    int i = 0;
    if (s.startsWith("::")) {
      compressed = true;
      i = 2;
      if (i == end) {
        return true;
      }
    }
    while (true) {
      int j = i;
      while (j < end && j - i <= 4 && isHexDigit(s.charAt(j))) {
        j++;
      }
      if (j < end && s.charAt(j) == '.') {
        // The embedded IPv4 form may only replace the last 32 bits: it must run to the end.
        if (!isIpv4(s, i, end)) {
          return false;
        }
        groups += 2;
        break;
      }
      int length = j - i;
      if (length == 0 || length > 4) {
        return false;
      }
      groups++;
      if (j == end) {
        break;
      }
      if (s.charAt(j) != ':') {
        return false;
      }
      if (j + 1 < end && s.charAt(j + 1) == ':') {
        if (compressed) {
          return false;
        }
        compressed = true;
        i = j + 2;
        if (i == end) {
          break;
        }
      } else {
        i = j + 1;
        if (i == end) {
          return false;
        }
      }
    }
    return compressed ? groups <= 7 : groups == 8;
  }

  /**
   * RFC 4007 section 11 leaves the zone id's syntax to the host; interface names and indexes are in
   * practice letters, digits, '.', '_' and '-'. Non-empty.
   */
  private static boolean isZoneId(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      boolean ok =
          isAsciiDigit(c)
              || (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** ASCII only: {@link Character#isDigit} would also accept other scripts' digits. */
  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHexDigit(char c) {
    return isAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
