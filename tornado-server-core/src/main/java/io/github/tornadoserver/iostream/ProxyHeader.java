package io.github.tornadoserver.iostream;

import java.net.SocketAddress;

/**
 * What a PROXY protocol header (HAProxy's {@code proxy-protocol.txt}, versions 1 and 2) said about
 * the connection a proxy relays.
 *
 * <p>A header that carries no addresses (v1 {@code UNKNOWN}, v2 {@code LOCAL}, or v2 {@code
 * UNSPEC}) is {@link #local()}: the receiver keeps the addresses of the connection itself, as the
 * specification asks. Otherwise {@link #source()} is the client the proxy accepted (an {@code
 * InetSocketAddress}, or a {@code UnixDomainSocketAddress} for a v2 {@code AF_UNIX} header) and
 * {@link #destination()} the address it was accepted on.
 *
 * @param version 1 (text) or 2 (binary)
 * @param source the original client, or null when {@link #local()}
 * @param destination the address the proxy accepted on, or null when {@link #local()}
 * @param tls whether the client reached the proxy over TLS (v2 {@code PP2_TYPE_SSL} with {@code
 *     PP2_CLIENT_SSL}); false for v1, which cannot say
 * @param tlsVersion the TLS version the proxy negotiated ({@code PP2_SUBTYPE_SSL_VERSION}), or null
 * @param authority the host name the client asked for ({@code PP2_TYPE_AUTHORITY}, usually its
 *     SNI), or null
 * @param alpn the application protocol the proxy negotiated ({@code PP2_TYPE_ALPN}), or null
 */
public record ProxyHeader(
    int version,
    SocketAddress source,
    SocketAddress destination,
    boolean tls,
    String tlsVersion,
    String authority,
    String alpn) {

  /** A header with addresses and nothing else. */
  public static ProxyHeader of(int version, SocketAddress source, SocketAddress destination) {
    return new ProxyHeader(version, source, destination, false, null, null, null);
  }

  /** A header that carries no addresses: keep the connection's own. */
  public static ProxyHeader local(int version) {
    return of(version, null, null);
  }

  /** Whether the header carries no addresses, so that the connection's own apply. */
  public boolean local() {
    return source == null;
  }
}
