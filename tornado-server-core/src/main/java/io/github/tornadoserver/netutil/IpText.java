package io.github.tornadoserver.netutil;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * IP literal text: {@link NetUtil#isValidIp} (strict RFC 4291 and dotted-quad syntax, no lookups)
 * and the RFC 5952 form of an address for logs and request IPs. Pure functions, safe from any
 * thread.
 */
final class IpText {
  private IpText() {}

  /** See {@link NetUtil#isValidIp}. */
  static boolean isValidIp(String ip) {
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

  /** See {@link NetUtil#ipString}. */
  static String ipString(InetAddress address) {
    return address instanceof Inet6Address
        ? ipv6Text((Inet6Address) address)
        : address.getHostAddress();
  }

  /** {@code 127.0.0.1:80} or {@code [::1]:80}, IPv6 compressed as RFC 5952 section 4 says. */
  static String hostPort(InetAddress address, int port) {
    if (address instanceof Inet6Address) {
      return "[" + ipv6Text((Inet6Address) address) + "]:" + port;
    }
    return (address == null ? "?" : address.getHostAddress()) + ":" + port;
  }

  /**
   * The longest run of two or more zero groups (the first such run on a tie) replaced by {@code
   * ::}, lower-case hex (RFC 5952 section 4.2).
   */
  private static String ipv6Text(Inet6Address address) {
    byte[] bytes = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    if (address.getScopeId() != 0 || address.getScopedInterface() != null) {
      text.append('%')
          .append(
              address.getScopedInterface() != null
                  ? address.getScopedInterface().getName()
                  : Integer.toString(address.getScopeId()));
    }
    return text.toString();
  }
}
