package io.github.tornadoserver.tcpclient;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.iostream.SSLIOStream;
import io.github.tornadoserver.iostream.StreamClosedException;
import io.github.tornadoserver.netutil.DefaultExecutorResolver;
import io.github.tornadoserver.netutil.Resolver;
import io.github.tornadoserver.netutil.UnresolvedHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A non-blocking TCP client, Tornado's {@code TCPClient}: resolves a host through a {@link
 * Resolver}, connects to one of its addresses, optionally speaks TLS, and hands back an {@link
 * IOStream}.
 *
 * <p>One {@link #connect} runs these steps, all bounded by the optional {@link
 * ConnectOptions#timeout()}:
 *
 * <ol>
 *   <li>resolve the host (of the family asked for, or of the source IP's family);
 *   <li>connect by "Happy Eyeballs": the addresses of the resolver's first family are tried one
 *       after another; the other family's start {@value #SECONDARY_DELAY_MILLIS} ms later, or at
 *       once when an attempt of the first family fails; the first connection wins and every other
 *       attempt is closed. A refused address falls through to the next;
 *   <li>with {@link ConnectOptions#sslOptions()}, the TLS handshake on the winning connection: SNI
 *       carries the host (when it is a name), and the server's certificate must be for the host
 *       unless the options turn host name checking off.
 * </ol>
 *
 * <p>The future fails with {@link UnresolvedHostException} when the host does not resolve; {@link
 * java.net.ConnectException} naming every address tried when none connects (its cause the last
 * attempt's error, the others suppressed); {@link StreamClosedException} caused by the {@link
 * javax.net.ssl.SSLException} when the TLS handshake fails; {@link
 * java.util.concurrent.TimeoutException} naming the host and the timeout when the timeout passes
 * first. Whatever the outcome, no socket of the attempt is left open but the stream handed back.
 *
 * <p>Threading: {@link #connect} must be called on the thread of the loop that will own the stream
 * (the current {@link IOLoop}), and that loop must run for the connection to progress; the future
 * completes on that thread. {@link #close()} is safe from any thread.
 */
public final class TCPClient implements AutoCloseable {
  /** How long the first family has alone before the other starts: Tornado's 0.3 s. */
  public static final long SECONDARY_DELAY_MILLIS = 300;

  private final Resolver resolver;
  private final boolean ownsResolver;
  private final Duration secondaryDelay;

  /** A client resolving with a {@link DefaultExecutorResolver} of its own. */
  public TCPClient() {
    this(new DefaultExecutorResolver(), true, Duration.ofMillis(SECONDARY_DELAY_MILLIS));
  }

  /** A client resolving with {@code resolver}, which {@link #close()} leaves open. */
  public TCPClient(Resolver resolver) {
    this(
        Objects.requireNonNull(resolver, "resolver"),
        false,
        Duration.ofMillis(SECONDARY_DELAY_MILLIS));
  }

  /** With another delay before the second family, for tests. */
  TCPClient(Resolver resolver, boolean ownsResolver, Duration secondaryDelay) {
    this.resolver = resolver;
    this.ownsResolver = ownsResolver;
    this.secondaryDelay = secondaryDelay;
  }

  /** The resolver this client uses. */
  public Resolver resolver() {
    return resolver;
  }

  /**
   * Connects to {@code host} with {@link ConnectOptions#defaults()}: plain TCP, any family, no
   * timeout.
   *
   * @see #connect(String, int, ConnectOptions)
   */
  public CompletableFuture<IOStream> connect(String host, int port) {
    return connect(host, port, ConnectOptions.defaults());
  }

  /**
   * Connects to {@code host} as the class comment describes.
   *
   * @param host a host name or an IP literal (an IPv6 literal with or without brackets)
   * @param port 1..65535
   * @return a future of the connected stream, an {@link SSLIOStream} with its handshake done when
   *     {@link ConnectOptions#sslOptions()} is set
   * @throws IllegalArgumentException if {@code host} is empty or {@code port} is out of range
   * @throws IllegalStateException if the resolver refuses the call (closed, or a {@link
   *     DefaultExecutorResolver} off a running loop)
   */
  public CompletableFuture<IOStream> connect(String host, int port, ConnectOptions options) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(options, "options");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("host: \"\" (expected: a host name or an IP literal)");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
    }
    IOLoop loop = IOLoop.current();
    return new ConnectCall(loop, resolver, host, port, options, secondaryDelay).start();
  }

  /** Closes the resolver when this client made it. Connections already made are not affected. */
  @Override
  public void close() {
    if (ownsResolver) {
      resolver.close();
    }
  }

  @Override
  public String toString() {
    return "TCPClient[" + resolver + "]";
  }
}
