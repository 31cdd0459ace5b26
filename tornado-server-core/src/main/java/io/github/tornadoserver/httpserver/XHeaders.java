package io.github.tornadoserver.httpserver;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.RequestContext;
import io.github.tornadoserver.netutil.NetUtil;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code xheaders} option as a pure function (Tornado's {@code _apply_xheaders}): the client
 * address and scheme that a reverse proxy reports in request headers. Since the result is a new
 * {@link RequestContext} per request, nothing carries over to the next request on a keep-alive
 * connection (Tornado restores the originals after each request to the same effect).
 *
 * <p>These headers are only trustworthy when every request passes through a proxy that sets them;
 * enable {@code xheaders} only behind one. The standard {@code Forwarded} field (RFC 7239) is not
 * read, as in Tornado.
 */
public final class XHeaders {

  private XHeaders() {}

  /**
   * Returns the context with the remote IP and scheme the proxy headers report.
   *
   * <p>Remote IP: the entries of {@code X-Forwarded-For} (all such fields, joined in order) are
   * read from the right, each stripped of whitespace; entries in {@code trustedDownstream} (our own
   * proxies, which append the address they received from) are skipped and the first other entry is
   * the candidate; when every entry is trusted the leftmost one is. Without {@code X-Forwarded-For}
   * the candidate is the socket's IP. An {@code X-Real-Ip} field replaces the candidate. The
   * candidate is used only if {@link NetUtil#isValidIp} accepts it; otherwise the context's IP is
   * kept (so an invalid {@code X-Real-Ip} also hides a valid {@code X-Forwarded-For}, as in
   * Tornado).
   *
   * <p>Scheme: {@code X-Scheme} if present, else {@code X-Forwarded-Proto}; its last
   * comma-separated element (the one the nearest proxy added), stripped, ASCII-lowercased, is used
   * only if it is {@code http} or {@code https}; otherwise the context's scheme is kept. A present
   * but unusable {@code X-Scheme} does not fall back to {@code X-Forwarded-Proto}, as in Tornado.
   * Deliberate difference from Tornado (its quirk Q6): {@code HTTPS} is accepted, because URI
   * schemes are case-insensitive (RFC 3986 section 3.1).
   *
   * @param context the request's context from the socket
   * @param headers the request headers
   * @param trustedDownstream IPs of our own proxies, compared as exact strings; null means none
   * @return a new context, or {@code context} itself when nothing changes
   * @throws NullPointerException if {@code context} or {@code headers} is null
   */
  public static RequestContext apply(
      RequestContext context, HTTPHeaders headers, Set<String> trustedDownstream) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(headers, "headers");
    Set<String> trusted = trustedDownstream == null ? Set.of() : trustedDownstream;

    String ip = context.remoteIp();
    String forwardedFor = headers.get("X-Forwarded-For");
    if (forwardedFor != null) {
      String[] hops = forwardedFor.split(",", -1);
      String candidate = null;
      for (int i = hops.length - 1; i >= 0; i--) {
        candidate = hops[i].strip();
        if (!trusted.contains(candidate)) {
          break;
        }
      }
      ip = candidate;
    }
    String realIp = headers.get("X-Real-Ip");
    if (realIp != null) {
      ip = realIp;
    }
    String remoteIp = NetUtil.isValidIp(ip) ? ip : context.remoteIp();

    String scheme = context.protocol();
    String proto = headers.get("X-Scheme");
    if (proto == null) {
      proto = headers.get("X-Forwarded-Proto");
    }
    if (proto != null) {
      String last = asciiLower(proto.substring(proto.lastIndexOf(',') + 1).strip());
      if (last.equals("http") || last.equals("https")) {
        scheme = last;
      }
    }

    if (remoteIp.equals(context.remoteIp()) && scheme.equals(context.protocol())) {
      return context;
    }
    return context.withProxy(remoteIp, scheme);
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
