package io.github.tornadoserver.httpserver;

import io.github.tornadoserver.netutil.NetUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * The standard {@code Forwarded} field (RFC 7239): one element per proxy hop, left (the client's
 * side) to right (the nearest proxy), each with the parameters {@code for}, {@code by}, {@code
 * proto} and {@code host}. Pure; a field that does not follow the grammar yields no elements, so a
 * malformed value is never half-believed.
 */
public final class ForwardedHeader {
  /**
   * One hop.
   *
   * @param forNode the {@code for} node as sent (an address, {@code [IPv6]:port}, {@code unknown}
   *     or an obfuscated {@code _name}), or null
   * @param by the {@code by} node, or null
   * @param proto the {@code proto} value, ASCII-lowercased, or null
   * @param host the {@code host} value, or null
   */
  public record Element(String forNode, String by, String proto, String host) {
    /** The IP of the {@code for} node, or null when it has none (unknown, obfuscated, absent). */
    public String forIp() {
      return nodeIp(forNode);
    }

    /** The port of the {@code for} node, or -1 when it has none or an obfuscated one. */
    public int forPort() {
      return nodePort(forNode);
    }
  }

  private ForwardedHeader() {}

  /** The elements of {@code value} in order; empty when it is null or malformed. */
  public static List<Element> parse(String value) {
    if (value == null) {
      return List.of();
    }
    List<Element> elements = new ArrayList<>();
    Cursor cursor = new Cursor(value);
    do {
      Element element = cursor.element();
      if (element == null) {
        return List.of();
      }
      elements.add(element);
    } while (cursor.skipComma());
    return cursor.atEnd() ? elements : List.of();
  }

  /**
   * The IP of a node ({@code 192.0.2.1}, {@code 192.0.2.1:80}, {@code [2001:db8::1]:443}), or null
   * for {@code unknown}, an obfuscated name or anything that is not an address.
   */
  public static String nodeIp(String node) {
    if (node == null) {
      return null;
    }
    String ip;
    if (node.startsWith("[")) {
      int close = node.indexOf(']');
      ip = close < 0 ? null : node.substring(1, close);
    } else {
      int colon = node.indexOf(':');
      ip = colon < 0 ? node : node.substring(0, colon);
    }
    return ip != null && NetUtil.isValidIp(ip) && (ip.indexOf(':') < 0) != node.startsWith("[")
        ? ip
        : null;
  }

  /** The numeric port of a node, or -1. */
  static int nodePort(String node) {
    if (node == null) {
      return -1;
    }
    int close = node.lastIndexOf(']');
    int colon = node.indexOf(':', Math.max(close, 0));
    if (colon < 0 || (close < 0 && node.indexOf(':') != node.lastIndexOf(':'))) {
      return -1;
    }
    String port = node.substring(colon + 1);
    boolean digits = !port.isEmpty() && port.length() <= 5 && port.chars().allMatch(Cursor::digit);
    int value = digits ? Integer.parseInt(port) : -1;
    return value <= 65535 ? value : -1;
  }

  /**
   * A reader over the field value, by RFC 7239 section 4 and RFC 9110's token and quoted-string.
   */
  private static final class Cursor {
    private final String s;
    private int i;

    Cursor(String s) {
      this.s = s;
    }

    Element element() {
      String forNode = null;
      String by = null;
      String proto = null;
      String host = null;
      do {
        skipSpace();
        if (atPairEnd()) {
          continue; // an empty pair between semicolons is allowed
        }
        String name = token();
        if (name == null || !consume('=')) {
          return null;
        }
        String value = peek() == '"' ? quoted() : token();
        if (value == null) {
          return null;
        }
        switch (lower(name)) {
          case "for" -> forNode = value;
          case "by" -> by = value;
          case "proto" -> proto = lower(value);
          case "host" -> host = value;
          default -> {
            // an extension parameter: nothing to use
          }
        }
        skipSpace();
      } while (consume(';'));
      return new Element(forNode, by, proto, host);
    }

    boolean skipComma() {
      skipSpace();
      return consume(',');
    }

    boolean atEnd() {
      skipSpace();
      return i == s.length();
    }

    private boolean atPairEnd() {
      return i == s.length() || s.charAt(i) == ';' || s.charAt(i) == ',';
    }

    private String token() {
      int start = i;
      while (i < s.length() && tchar(s.charAt(i))) {
        i++;
      }
      return i > start ? s.substring(start, i) : null;
    }

    private String quoted() {
      StringBuilder value = new StringBuilder();
      i++; // the opening quote
      while (i < s.length()) {
        char c = s.charAt(i++);
        if (c == '"') {
          return value.toString();
        }
        if (c == '\\') {
          if (i == s.length()) {
            return null;
          }
          c = s.charAt(i++);
        }
        if (c < 0x20 && c != '\t' || c == 0x7F) {
          return null;
        }
        value.append(c);
      }
      return null; // no closing quote
    }

    private char peek() {
      return i < s.length() ? s.charAt(i) : 0;
    }

    private boolean consume(char c) {
      if (peek() == c) {
        i++;
        return true;
      }
      return false;
    }

    private void skipSpace() {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
    }

    static boolean digit(int c) {
      return c >= '0' && c <= '9';
    }

    private static boolean tchar(char c) {
      return c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z'
          || digit(c)
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static String lower(String value) {
      StringBuilder b = new StringBuilder(value.length());
      for (int k = 0; k < value.length(); k++) {
        char c = value.charAt(k);
        b.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
      }
      return b.toString();
    }
  }
}
