package io.github.tornadoserver.httputil;

import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.util.List;

/**
 * Where a request came from: the peer's socket address, its IP as a string (for a Unix-domain peer,
 * {@code "0.0.0.0"} as in Tornado), the scheme ({@code "http"} or {@code "https"}), and the client
 * certificate chain of a TLS peer (empty otherwise). With {@code xheaders}, {@code remoteIp} and
 * {@code protocol} come from the proxy headers.
 */
public record RequestContext(
    SocketAddress address, String remoteIp, String protocol, List<Certificate> peerCertificates) {

  public RequestContext {
    peerCertificates = List.copyOf(peerCertificates);
  }

  /** A copy with another remote IP and scheme (from proxy headers). */
  public RequestContext withProxy(String ip, String scheme) {
    return new RequestContext(address, ip, scheme, peerCertificates);
  }
}
