package io.github.tornadoserver.tcpclient;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.ioloop.Timeout;
import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.iostream.SSLIOStream;
import io.github.tornadoserver.netutil.ResolvedAddress;
import io.github.tornadoserver.netutil.Resolver;
import io.github.tornadoserver.netutil.UnresolvedHostException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * One {@link TCPClient#connect} call: resolve, race the addresses ({@link Connector}), then the TLS
 * handshake, under one deadline. Each step checks that the call is still on; the deadline closes
 * whatever is in progress. Loop thread only.
 */
final class ConnectCall {
  private final IOLoop loop;
  private final Resolver resolver;
  private final String host;
  private final int port;
  private final ConnectOptions options;
  private final Duration secondaryDelay;
  private final CompletableFuture<IOStream> result = new CompletableFuture<>();
  private Timeout deadline;
  private Connector<IOStream> connector;
  private SSLIOStream handshaking;

  /** Set once the outcome is decided, before the future completes. */
  private boolean finished;

  ConnectCall(
      IOLoop loop,
      Resolver resolver,
      String host,
      int port,
      ConnectOptions options,
      Duration secondaryDelay) {
    this.loop = loop;
    this.resolver = resolver;
    this.host = host;
    this.port = port;
    this.options = options;
    this.secondaryDelay = secondaryDelay;
  }

  CompletableFuture<IOStream> start() {
    loop.checkThread();
    if (options.timeout() != null) {
      deadline = loop.callLater(options.timeout(), this::timedOut);
    }
    CompletableFuture<List<ResolvedAddress>> resolving;
    try {
      resolving = resolver.resolve(host, port, options.effectiveFamily());
    } catch (RuntimeException e) {
      cancelDeadline();
      throw e;
    }
    resolving.whenComplete((addresses, error) -> onLoop(() -> resolved(addresses, error)));
    return result;
  }

  /** Runs {@code step} on the loop: a custom resolver may complete on another thread. */
  private void onLoop(Runnable step) {
    if (loop.inLoopThread()) {
      step.run();
    } else if (!loop.addCallback(step)) {
      // Off the loop and the loop is gone: nothing else can complete the future.
      result.completeExceptionally(new IllegalStateException(loop + " closed while connecting"));
    }
  }

  private void resolved(List<ResolvedAddress> addresses, Throwable error) {
    if (finished) {
      return;
    }
    if (error != null) {
      fail(unwrap(error));
    } else if (addresses == null || addresses.isEmpty()) {
      fail(new UnresolvedHostException(host, "the resolver returned no address", null));
    } else {
      connector = new Connector<>(loop, host + ":" + port, addresses, secondaryDelay, this::dial);
      connector.start().whenComplete(this::connected);
    }
  }

  /** Opens a socket of the address's family, bound as the options say, and connects it. */
  private Connector.Attempt<IOStream> dial(ResolvedAddress address) throws IOException {
    SocketChannel channel = openChannel(address.family());
    try {
      bindSource(channel, address.family());
      IOStream stream = new IOStream(channel, options.streamOptions());
      return new Connector.Attempt<>(stream.connect(address.address()), stream::close);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static SocketChannel openChannel(ProtocolFamily family) throws IOException {
    try {
      return SocketChannel.open(family);
    } catch (UnsupportedOperationException e) {
      throw new IOException("cannot open a " + family + " socket: " + e.getMessage(), e);
    }
  }

  /**
   * Binds the local end when a source IP or port is given. A port alone binds the wildcard address
   * of the family, so that the system still picks the route (Tornado binds the loopback address,
   * which can only reach the local host).
   */
  private void bindSource(SocketChannel channel, ProtocolFamily family) throws IOException {
    if (options.sourceIp() == null && options.sourcePort() == 0) {
      return;
    }
    InetAddress local =
        options.sourceIp() != null
            ? InetAddress.getByName(options.sourceIp()) // a literal: never a lookup
            : InetAddress.getByAddress(new byte[family == StandardProtocolFamily.INET6 ? 16 : 4]);
    channel.bind(new InetSocketAddress(local, options.sourcePort()));
  }

  private void connected(IOStream stream, Throwable error) {
    if (error != null) {
      fail(unwrap(error));
    } else if (finished) {
      stream.close();
    } else if (options.sslOptions() == null) {
      succeed(stream);
    } else {
      startTls(stream);
    }
  }

  /** The handshake on the winner: SNI and host name check use the host as given, not the IP. */
  private void startTls(IOStream stream) {
    SocketChannel channel = stream.detach();
    handshaking =
        new SSLIOStream(channel, options.streamOptions(), options.sslOptions(), false, host);
    SSLIOStream tls = handshaking;
    tls.waitForHandshake()
        .whenComplete(
            (done, error) -> {
              handshaking = null;
              if (error != null || finished) {
                tls.close();
              }
              if (error != null) {
                fail(unwrap(error));
              } else if (!finished) {
                succeed(tls);
              }
            });
  }

  /** The deadline passed: every socket of the call is closed before the future fails. */
  private void timedOut() {
    deadline = null;
    if (finished) {
      return;
    }
    finished = true;
    if (connector != null) {
      connector.abort();
    }
    if (handshaking != null) {
      handshaking.close();
    }
    result.completeExceptionally(
        new TimeoutException(
            "connect to " + host + ":" + port + " timed out after " + describe(options.timeout())));
  }

  private void succeed(IOStream stream) {
    finished = true;
    cancelDeadline();
    result.complete(stream);
  }

  private void fail(Throwable error) {
    if (finished) {
      return;
    }
    finished = true;
    cancelDeadline();
    result.completeExceptionally(error);
  }

  private void cancelDeadline() {
    if (deadline != null) {
      loop.removeTimeout(deadline);
      deadline = null;
    }
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  /** {@code 250 ms} or {@code 5 s}, as people write it. */
  static String describe(Duration timeout) {
    long millis = timeout.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
