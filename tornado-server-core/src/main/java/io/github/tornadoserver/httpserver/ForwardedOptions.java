package io.github.tornadoserver.httpserver;

import io.github.tornadoserver.netutil.NetUtil;
import io.github.tornadoserver.tcpserver.TrustedPeers;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.Set;

/**
 * How the {@code xheaders} option reads what a reverse proxy says about the client: whom to
 * believe, and which header gives the client address and which the scheme. Immutable.
 *
 * <p>Whom to believe: with {@code trustedProxies} null (the default, Tornado's behaviour) the
 * headers of every connection are honoured, which is only safe when every connection comes through
 * a proxy that sets or clears each of them. With {@code trustedProxies} set, they are honoured only
 * on a connection whose socket peer, the proxy that talks to this server, is in it; on any other
 * connection the socket's address and scheme stand. With the PROXY protocol the connection's
 * address is the client the header named, so the check is made against the socket peer, never that
 * client.
 *
 * <p>Which hop is the client: X-Forwarded-For entries and {@code Forwarded} elements are read from
 * the right (the nearest proxy) and those of our own proxies are skipped: an entry listed in {@code
 * trustedDownstream} (exact text) or in {@code trustedProxies}. The first other one is the client;
 * when all are ours, the leftmost.
 *
 * @param trustedProxies the peers whose forwarded headers are honoured; null for every peer
 * @param trustedDownstream our own proxies' IPs, compared as exact strings
 * @param clientHeader the header that gives the client address
 * @param schemeHeader the header that gives the scheme
 */
public record ForwardedOptions(
    TrustedPeers trustedProxies,
    Set<String> trustedDownstream,
    ClientHeader clientHeader,
    SchemeHeader schemeHeader) {

  private static final ForwardedOptions TORNADO =
      new ForwardedOptions(null, Set.of(), ClientHeader.TORNADO, SchemeHeader.TORNADO);

  /** The header that gives the client address. */
  public enum ClientHeader {
    /** Tornado's: {@code X-Real-Ip} when present, else {@code X-Forwarded-For}. */
    TORNADO,
    /**
     * {@code X-Forwarded-For} only. Choose it behind a proxy that appends to that header but leaves
     * {@code X-Real-Ip} as the client sent it (HAProxy's {@code option forwardfor}).
     */
    X_FORWARDED_FOR,
    /** {@code X-Real-Ip} only (nginx's {@code proxy_set_header X-Real-IP $remote_addr}). */
    X_REAL_IP,
    /**
     * The {@code for} parameter of the standard {@code Forwarded} field (RFC 7239); an {@code
     * unknown} or obfuscated ({@code _name}) client leaves the socket's address.
     */
    FORWARDED
  }

  /** The header that gives the scheme ({@code http} or {@code https}). */
  public enum SchemeHeader {
    /**
     * Tornado's: {@code X-Scheme} when present, else {@code X-Forwarded-Proto}. A present but
     * unusable {@code X-Scheme} does not fall back.
     */
    TORNADO,
    /** {@code X-Scheme} only. */
    X_SCHEME,
    /** {@code X-Forwarded-Proto} only. */
    X_FORWARDED_PROTO,
    /** The {@code proto} parameter of the client's {@code Forwarded} element (RFC 7239). */
    FORWARDED
  }

  /**
   * @throws NullPointerException if a header choice or {@code trustedDownstream} is null
   */
  public ForwardedOptions {
    trustedDownstream = Set.copyOf(trustedDownstream);
    Objects.requireNonNull(clientHeader, "clientHeader");
    Objects.requireNonNull(schemeHeader, "schemeHeader");
  }

  /** Tornado's: every peer believed, its headers, nothing skipped. */
  public static ForwardedOptions tornado() {
    return TORNADO;
  }

  /** Whether the headers of a connection whose socket peer is {@code peer} are honoured. */
  boolean honours(SocketAddress peer) {
    return trustedProxies == null || trustedProxies.trusts(peer);
  }

  /** Whether a hop of a forwarded list is one of our own proxies, to be skipped. */
  boolean isOwnHop(String hop) {
    return trustedDownstream.contains(hop)
        || trustedProxies != null && NetUtil.isValidIp(hop) && trustedProxies.trusts(hop);
  }
}
