package io.github.tornadoserver.httputil;

import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Objects;

/**
 * Where a request came from: the peer's socket address, its IP as a string (for a Unix-domain peer,
 * {@code "0.0.0.0"} as in Tornado), the scheme ({@code "http"} or {@code "https"}), the client
 * certificate chain of a TLS peer (empty otherwise), and what a trusted proxy said about the
 * address the client used: host, port and path prefix. With {@code xheaders}, {@code remoteIp},
 * {@code protocol} and the forwarded parts come from the proxy headers; without, the forwarded
 * parts are unset.
 *
 * @param address the socket peer, or the client a PROXY protocol header named
 * @param remoteIp the client's IP
 * @param protocol the scheme the client used
 * @param peerCertificates the TLS client's chain, or empty
 * @param forwardedHost the authority the client asked for, as a proxy reported it ({@code
 *     X-Forwarded-Host} or {@code Forwarded: host=}), possibly with a port; null when none did
 * @param forwardedPort the port the client connected to, as a proxy reported it ({@code
 *     X-Forwarded-Port}), 1 to 65535; -1 when none did
 * @param forwardedPrefix the path prefix a proxy removed ({@code X-Forwarded-Prefix}), starting
 *     with {@code /} and without a trailing one; empty when none did
 */
public record RequestContext(
    SocketAddress address,
    String remoteIp,
    String protocol,
    List<Certificate> peerCertificates,
    String forwardedHost,
    int forwardedPort,
    String forwardedPrefix) {

  /**
   * @throws IllegalArgumentException if {@code forwardedPort} is neither -1 nor 1 to 65535
   */
  public RequestContext {
    peerCertificates = List.copyOf(peerCertificates);
    forwardedPrefix = Objects.requireNonNull(forwardedPrefix, "forwardedPrefix");
    if (forwardedPort != -1 && (forwardedPort < 1 || forwardedPort > 65535)) {
      throw new IllegalArgumentException(
          "forwardedPort: " + forwardedPort + " (expected: -1 or 1 to 65535)");
    }
  }

  /** A context with nothing forwarded. */
  public RequestContext(
      SocketAddress address, String remoteIp, String protocol, List<Certificate> peerCertificates) {
    this(address, remoteIp, protocol, peerCertificates, null, -1, "");
  }

  /** A copy with another remote IP and scheme (from proxy headers). */
  public RequestContext withProxy(String ip, String scheme) {
    return new RequestContext(
        address, ip, scheme, peerCertificates, forwardedHost, forwardedPort, forwardedPrefix);
  }

  /** A copy with the host, port and prefix a proxy reported (null, -1 and empty for none). */
  public RequestContext withForwarded(String host, int port, String prefix) {
    return new RequestContext(address, remoteIp, protocol, peerCertificates, host, port, prefix);
  }

  /** A copy with the TLS client's certificate chain. */
  public RequestContext withPeerCertificates(List<Certificate> chain) {
    return new RequestContext(
        address, remoteIp, protocol, chain, forwardedHost, forwardedPort, forwardedPrefix);
  }
}
