package io.github.tornadoserver.netutil;

import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text form of {@link OverrideResolver} mappings: {@code host[:port[:inet|inet6]]} keys and
 * {@code host[:port]} targets, an IPv6 literal in brackets ({@code [::1]:443}) as in URLs (RFC 3986
 * section 3.2.2).
 */
final class OverrideText {
  private static final String KEY_FORM =
      "host, host:port or host:port:inet|inet6, an IPv6 literal in brackets";
  private static final String TARGET_FORM = "host or host:port, an IPv6 literal in brackets";

  private OverrideText() {}

  static OverrideResolver.Key key(String text) {
    List<String> parts = split(text);
    if (parts == null || parts.size() > 3) {
      throw badKey(text, null);
    }
    try {
      String host = parts.get(0);
      if (parts.size() == 1) {
        return OverrideResolver.Key.of(host);
      }
      int port = port(parts.get(1));
      if (parts.size() == 2) {
        return OverrideResolver.Key.of(host, port);
      }
      return OverrideResolver.Key.of(host, port, family(parts.get(2)));
    } catch (IllegalArgumentException e) {
      throw badKey(text, e);
    }
  }

  static OverrideResolver.Target target(String key, String text) {
    List<String> parts = text == null ? null : split(text);
    if (parts == null || parts.size() > 2) {
      throw badTarget(key, text, null);
    }
    try {
      String host = parts.get(0);
      return parts.size() == 1
          ? OverrideResolver.Target.of(host)
          : OverrideResolver.Target.of(host, port(parts.get(1)));
    } catch (IllegalArgumentException e) {
      throw badTarget(key, text, e);
    }
  }

  /**
   * The colon-separated parts, the first being the host (brackets removed from an IPv6 literal);
   * null when the text has no host, whitespace, or unbalanced brackets.
   */
  private static List<String> split(String text) {
    if (text.isEmpty() || text.chars().anyMatch(c -> c <= ' ')) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    String rest;
    if (text.charAt(0) == '[') {
      int close = text.indexOf(']');
      if (close < 2 || ResolverCore.literalOf(text.substring(0, close + 1)) == null) {
        return null;
      }
      parts.add(text.substring(1, close));
      rest = text.substring(close + 1);
      if (!rest.isEmpty() && rest.charAt(0) != ':') {
        return null;
      }
    } else {
      int colon = text.indexOf(':');
      parts.add(colon < 0 ? text : text.substring(0, colon));
      rest = colon < 0 ? "" : text.substring(colon);
    }
    if (parts.get(0).isEmpty()) {
      return null;
    }
    // rest is "" or ":a[:b...]"; split keeps trailing empty parts so "host:" is refused.
    if (!rest.isEmpty()) {
      parts.addAll(List.of(rest.substring(1).split(":", -1)));
    }
    return parts;
  }

  private static int port(String text) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("port \"" + text + "\" (expected: 1..65535)");
    }
    int port = Integer.parseInt(text);
    OverrideResolver.checkPort("port", port);
    return port;
  }

  private static ProtocolFamily family(String text) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "inet":
        return StandardProtocolFamily.INET;
      case "inet6":
        return StandardProtocolFamily.INET6;
      default:
        throw new IllegalArgumentException("family \"" + text + "\" (expected: inet or inet6)");
    }
  }

  private static IllegalArgumentException badTarget(
      String key, String text, IllegalArgumentException cause) {
    return new IllegalArgumentException(
        "override \""
            + key
            + "\": value \""
            + text
            + "\" (expected: "
            + TARGET_FORM
            + ")"
            + (cause == null ? "" : ": " + cause.getMessage()),
        cause);
  }

  private static IllegalArgumentException badKey(String text, IllegalArgumentException cause) {
    return new IllegalArgumentException(
        "override key \""
            + text
            + "\" (expected: "
            + KEY_FORM
            + ")"
            + (cause == null ? "" : ": " + cause.getMessage()),
        cause);
  }
}
