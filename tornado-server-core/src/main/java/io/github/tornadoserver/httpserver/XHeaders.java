package io.github.tornadoserver.httpserver;

import io.github.tornadoserver.httpserver.ForwardedOptions.ClientHeader;
import io.github.tornadoserver.httpserver.ForwardedOptions.SchemeHeader;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPUtil;
import io.github.tornadoserver.httputil.RequestContext;
import io.github.tornadoserver.netutil.NetUtil;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code xheaders} option as a pure function (Tornado's {@code _apply_xheaders}, extended): the
 * client address, scheme, host, port and path prefix that a reverse proxy reports in request
 * headers. Since the result is a new {@link RequestContext} per request, nothing carries over to
 * the next request on a keep-alive connection (Tornado restores the originals after each request to
 * the same effect).
 *
 * <p>These headers are only trustworthy from a proxy that sets or clears each of them: see {@link
 * ForwardedOptions} for whom to believe. Whether the connection's peer is believed at all is the
 * caller's check ({@link HTTPServer} makes it); this class reads the headers.
 *
 * <p>A value that does not parse is ignored, never an error: an invalid IP, scheme, host, port or
 * prefix leaves what the socket says. A {@code Forwarded} field that breaks the RFC 7239 grammar is
 * ignored whole (see {@link ForwardedHeader}); inside a well-formed one, an unusable parameter (an
 * obfuscated {@code for}, a host that is no authority) is ignored alone.
 */
public final class XHeaders {

  private XHeaders() {}

  /**
   * Tornado's {@code xheaders}: {@link #apply(RequestContext, HTTPHeaders, ForwardedOptions)} with
   * {@link ClientHeader#TORNADO}, {@link SchemeHeader#TORNADO} and these downstream proxies.
   *
   * @param trustedDownstream IPs of our own proxies, compared as exact strings; null means none
   */
  public static RequestContext apply(
      RequestContext context, HTTPHeaders headers, Set<String> trustedDownstream) {
    Set<String> trusted = trustedDownstream == null ? Set.of() : trustedDownstream;
    return apply(
        context,
        headers,
        new ForwardedOptions(null, trusted, ClientHeader.TORNADO, SchemeHeader.TORNADO));
  }

  /**
   * Returns the context with what the proxy headers report.
   *
   * <p>Remote IP, by {@link ForwardedOptions#clientHeader()}: the entries of {@code
   * X-Forwarded-For} (all such fields, joined in order) are read from the right, each stripped of
   * whitespace, our own proxies skipped (see {@link ForwardedOptions}); the first other entry is
   * the candidate, or the leftmost when all are ours. {@code X-Real-Ip} is a candidate as it is.
   * With {@link ClientHeader#TORNADO} an {@code X-Real-Ip} field replaces the X-Forwarded-For
   * candidate, and an invalid {@code X-Real-Ip} also hides a valid X-Forwarded-For, as in Tornado.
   * With {@link ClientHeader#FORWARDED} the candidate is the IP of the client's {@code Forwarded}
   * element, chosen the same way. A candidate is used only if {@link NetUtil#isValidIp} accepts it.
   *
   * <p>Scheme, by {@link ForwardedOptions#schemeHeader()}: the last comma-separated element of the
   * chosen header (the one the nearest proxy added), stripped, ASCII-lowercased, is used only if it
   * is {@code http} or {@code https}. Deliberate difference from Tornado (its quirk Q6): {@code
   * HTTPS} is accepted, because URI schemes are case-insensitive (RFC 3986 section 3.1).
   *
   * <p>Host: the {@code host} of the client's {@code Forwarded} element, else the last element of
   * {@code X-Forwarded-Host}; used only if it is a valid, non-empty {@code Host} value. Port: the
   * last element of {@code X-Forwarded-Port}, used only if it is 1 to 65535. Prefix: the last
   * element of {@code X-Forwarded-Prefix}, used only if it is a path (one leading slash, RFC 3986
   * path characters only), without its trailing slashes.
   *
   * @param context the request's context from the socket
   * @param headers the request headers
   * @param options which headers to read and which hops are our own
   * @return a new context, or {@code context} itself when nothing changes
   * @throws NullPointerException if an argument is null
   */
  public static RequestContext apply(
      RequestContext context, HTTPHeaders headers, ForwardedOptions options) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(options, "options");
    ForwardedHeader.Element hop = clientElement(headers, options);
    String ip = validIp(clientIp(headers, options, hop), context.remoteIp());
    String scheme = validScheme(schemeValue(headers, options.schemeHeader(), hop), context);
    String host = host(headers, hop);
    int port = port(last(headers.get("X-Forwarded-Port")));
    String prefix = prefix(last(headers.get("X-Forwarded-Prefix")));
    if (ip.equals(context.remoteIp())
        && scheme.equals(context.protocol())
        && host == null
        && port < 0
        && prefix.isEmpty()) {
      return context;
    }
    return context.withProxy(ip, scheme).withForwarded(host, port, prefix);
  }

  // ---------------------------------------------------------------- client

  private static String clientIp(
      HTTPHeaders headers, ForwardedOptions options, ForwardedHeader.Element hop) {
    String realIp = headers.get("X-Real-Ip");
    return switch (options.clientHeader()) {
      case TORNADO -> realIp != null ? realIp : forwardedFor(headers, options);
      case X_FORWARDED_FOR -> forwardedFor(headers, options);
      case X_REAL_IP -> realIp;
      case FORWARDED -> hop == null ? null : hop.forIp();
    };
  }

  /** The client's entry of X-Forwarded-For, or null without the field. */
  private static String forwardedFor(HTTPHeaders headers, ForwardedOptions options) {
    String forwardedFor = headers.get("X-Forwarded-For");
    if (forwardedFor == null) {
      return null;
    }
    String[] hops = forwardedFor.split(",", -1);
    String candidate = null;
    for (int i = hops.length - 1; i >= 0; i--) {
      candidate = hops[i].strip();
      if (!options.isOwnHop(candidate)) {
        break;
      }
    }
    return candidate;
  }

  /**
   * The client's element of the {@code Forwarded} field: from the right, the first whose {@code
   * for} is not one of our own proxies (an unknown or obfuscated one is not); the leftmost when all
   * are; null without a usable field.
   */
  static ForwardedHeader.Element clientElement(HTTPHeaders headers, ForwardedOptions options) {
    List<ForwardedHeader.Element> elements = ForwardedHeader.parse(headers.get("Forwarded"));
    for (int i = elements.size() - 1; i > 0; i--) {
      String ip = elements.get(i).forIp();
      if (ip == null || !options.isOwnHop(ip)) {
        return elements.get(i);
      }
    }
    return elements.isEmpty() ? null : elements.get(0);
  }

  private static String validIp(String candidate, String fallback) {
    return candidate != null && NetUtil.isValidIp(candidate) ? candidate : fallback;
  }

  // ---------------------------------------------------------------- scheme

  private static String schemeValue(
      HTTPHeaders headers, SchemeHeader choice, ForwardedHeader.Element hop) {
    return switch (choice) {
      case TORNADO -> {
        String scheme = headers.get("X-Scheme");
        yield scheme != null ? scheme : headers.get("X-Forwarded-Proto");
      }
      case X_SCHEME -> headers.get("X-Scheme");
      case X_FORWARDED_PROTO -> headers.get("X-Forwarded-Proto");
      case FORWARDED -> hop == null ? null : hop.proto();
    };
  }

  private static String validScheme(String value, RequestContext context) {
    String last = value == null ? null : asciiLower(last(value));
    return "http".equals(last) || "https".equals(last) ? last : context.protocol();
  }

  // ---------------------------------------------------------------- host, port, prefix

  private static String host(HTTPHeaders headers, ForwardedHeader.Element hop) {
    String host = hop == null ? null : validHost(hop.host());
    return host != null ? host : validHost(last(headers.get("X-Forwarded-Host")));
  }

  private static String validHost(String value) {
    return value != null && !value.isEmpty() && HTTPUtil.isValidHost(value) ? value : null;
  }

  /** A port of 1 to 65535 in decimal, or -1. */
  static int port(String value) {
    if (value == null || value.isEmpty() || value.length() > 5) {
      return -1;
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return -1;
      }
    }
    int port = Integer.parseInt(value);
    return port >= 1 && port <= 65535 ? port : -1;
  }

  /**
   * A path prefix without its trailing slashes, or empty when {@code value} is none: it must start
   * with one {@code /} (not two, which would read as an authority) and hold only RFC 3986 path
   * characters ({@code pchar} and {@code /}), so that it can be put before a request path as it is.
   */
  static String prefix(String value) {
    if (value == null || !value.startsWith("/") || value.startsWith("//")) {
      return "";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean pathChar =
          c >= 'a' && c <= 'z'
              || c >= 'A' && c <= 'Z'
              || c >= '0' && c <= '9'
              || "-._~!$&'()*+,;=:@%/".indexOf(c) >= 0;
      if (!pathChar) {
        return "";
      }
    }
    int end = value.length();
    while (end > 0 && value.charAt(end - 1) == '/') {
      end--;
    }
    return value.substring(0, end);
  }

  /** The last comma-separated element of a field value, stripped; null for null. */
  private static String last(String value) {
    return value == null ? null : value.substring(value.lastIndexOf(',') + 1).strip();
  }

  /** Lower-cases ASCII letters only, so no non-ASCII letter can turn into {@code https}. */
  private static String asciiLower(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return b.toString();
  }
}
