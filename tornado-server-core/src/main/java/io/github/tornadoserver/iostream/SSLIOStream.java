package io.github.tornadoserver.iostream;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.tls.SSLOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * An {@link IOStream} that speaks TLS through an {@link SSLEngine}, Tornado's {@code SSLIOStream}.
 *
 * <p>Lifecycle: created over a connected channel (server side, or a client that is already
 * connected), the handshake starts at once; created over an unconnected channel, it starts once
 * {@link #connect} has connected. Reads and writes issued before the handshake finishes wait for
 * it. {@link #waitForHandshake()} completes when it is done. The engine's delegated tasks
 * (certificate checks, key agreement) run on the loop's default executor, not on the loop thread.
 *
 * <p>A handshake that fails (a port scanner, a plain-text client, an unknown CA, a host name
 * mismatch) closes the stream with the {@link SSLException} as {@link #error()} and one INFO line
 * on {@code tornado.general}, never a stack trace. An EOF or reset during the handshake closes
 * quietly.
 *
 * <p>Why a subclass: a TCP handler receives every stream as an {@link IOStream}, and tells a TLS
 * one by its type to reach the session and the peer's certificates. The TLS work itself is done by
 * the stream's transport; this class adds those accessors and overrides nothing.
 */
public final class SSLIOStream extends IOStream {
  private final TlsTransport tls;

  /**
   * A TLS stream with default buffer limits.
   *
   * @param serverSide true for the accepting side
   */
  public SSLIOStream(SocketChannel channel, SSLOptions sslOptions, boolean serverSide) {
    this(channel, StreamOptions.defaults(), sslOptions, serverSide, null);
  }

  /**
   * A TLS stream over {@code channel}.
   *
   * @param serverHostname client side: the name sent as SNI and checked against the certificate
   *     (may also be given to {@link #connect})
   */
  public SSLIOStream(
      SocketChannel channel,
      StreamOptions options,
      SSLOptions sslOptions,
      boolean serverSide,
      String serverHostname) {
    this(
        new TlsTransport(new SocketTransport(channel), sslOptions, serverSide, serverHostname),
        options);
  }

  /**
   * A server-side TLS stream over a connection whose first bytes were already read from it: a PROXY
   * protocol header and, behind it, {@code received} (the start of the ClientHello), which the
   * handshake reads before the socket. See {@link IOStream#accepted}.
   *
   * @throws IllegalStateException if not called on a loop thread
   */
  public static SSLIOStream accepted(
      SocketChannel channel,
      StreamOptions options,
      SSLOptions sslOptions,
      ByteBuffer received,
      ProxyHeader header) {
    Transport wire = IOStream.proxiedTransport(channel, received, header);
    SSLIOStream stream = new SSLIOStream(new TlsTransport(wire, sslOptions, true, null), options);
    stream.setProxyHeader(header);
    return stream;
  }

  private SSLIOStream(TlsTransport tls, StreamOptions options) {
    super(IOLoop.current(), tls, options);
    this.tls = tls;
  }

  /**
   * Completes with this stream when the handshake is done (at once if it already is); fails with
   * {@link StreamClosedException} if the stream closes first.
   *
   * @throws IllegalStateException "Already waiting" when called again while the first wait is
   *     pending
   */
  public CompletableFuture<SSLIOStream> waitForHandshake() {
    ioLoop().checkThread();
    return tls.waitForHandshake(this);
  }

  /** The TLS session (before the handshake completes, a session still being negotiated). */
  public SSLSession session() {
    return tls.session();
  }

  /** The peer's certificate chain, or an empty list when the peer sent none. */
  public List<Certificate> peerCertificates() {
    return tls.peerCertificates();
  }

  /** The transport, for tests of the handshake states. */
  TlsTransport transport() {
    return tls;
  }
}
