package io.github.tornadoserver.tcpclient;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.netutil.ResolvedAddress;
import io.github.tornadoserver.netutil.Resolver;
import io.github.tornadoserver.tcpserver.TCPServer;
import io.github.tornadoserver.tls.SSLOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh loop per test on the test thread, echo servers of this project on 127.0.0.1 or ::1, and
 * the stand-ins the client tests need: a resolver with fixed answers and a listener that never
 * accepts. Nothing here talks to any other address.
 */
abstract class ClientTestSupport {
  static final Duration BOUND = Duration.ofSeconds(5);

  IOLoop loop;
  final List<AutoCloseable> toClose = new ArrayList<>();
  final List<TCPServer> servers = new ArrayList<>();

  @BeforeEach
  void newLoop() {
    loop = new IOLoop();
    loop.makeCurrent();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (TCPServer server : servers) {
      server.stop();
    }
    for (AutoCloseable closeable : toClose) {
      closeable.close();
    }
    loop.close(true);
  }

  <T> T run(Supplier<? extends CompletionStage<? extends T>> body) {
    try {
      return loop.runSync(body, BOUND);
    } catch (TimeoutException e) {
      throw new AssertionError("timed out", e);
    }
  }

  /** The failure of {@code body}'s stage, unwrapped. */
  Throwable failureOf(Supplier<? extends CompletionStage<?>> body) {
    try {
      run(body);
    } catch (CompletionException e) {
      return e.getCause();
    }
    throw new AssertionError("did not fail");
  }

  <T extends AutoCloseable> T closeLater(T closeable) {
    toClose.add(closeable);
    return closeable;
  }

  /** An echo server on {@code ip}; returns its port. */
  int echoServer(String ip) {
    return server(ip, null, (stream, address) -> echo(stream));
  }

  /** A server on {@code ip} (TLS when {@code ssl} is set); returns its port. */
  int server(String ip, SSLOptions ssl, TCPServer.StreamHandler handler) {
    TCPServer server = TCPServer.builder(handler).sslOptions(ssl).build();
    server.listen(0, ip);
    servers.add(server);
    return ((InetSocketAddress) server.localAddresses().get(0)).getPort();
  }

  static CompletableFuture<Void> echo(IOStream stream) {
    return stream
        .readBytes(65536, true)
        .thenCompose(stream::write)
        .thenCompose(v -> echo(stream))
        .exceptionally(e -> null);
  }

  /** Writes {@code text} and reads its echo. */
  static CompletableFuture<String> roundTrip(IOStream stream, String text) {
    return stream
        .write(text.getBytes(US_ASCII))
        .thenCompose(v -> stream.readBytes(text.length(), false))
        .thenApply(bytes -> new String(bytes, US_ASCII));
  }

  static ResolvedAddress address(String ip, int port) {
    try {
      return ResolvedAddress.of(new InetSocketAddress(InetAddress.getByName(ip), port));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** A port on {@code ip} that refuses connections: bound once, then released. */
  static int refusingPort(String ip) throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(ip))) {
      return socket.getLocalPort();
    }
  }

  static int remotePort(IOStream stream) {
    return ((InetSocketAddress) stream.remoteAddress()).getPort();
  }

  static String remoteIp(IOStream stream) {
    return ((InetSocketAddress) stream.remoteAddress()).getAddress().getHostAddress();
  }

  /** Skips the test where this host cannot use ::1 (IPv6 switched off in some containers). */
  static void assumeIpv6Loopback() {
    boolean works;
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET6)) {
      server.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
      try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
        works = client.isConnected();
      }
    } catch (IOException | UnsupportedOperationException e) {
      works = false;
    }
    assumeTrue(works, "::1 is not usable here");
  }

  /** A resolver with fixed answers (filtered by the family asked), recording what it was asked. */
  static final class FixedResolver implements Resolver {
    final List<ResolvedAddress> answers;
    final List<ProtocolFamily> familiesAsked = new CopyOnWriteArrayList<>();
    final CompletableFuture<List<ResolvedAddress>> pending;

    /** Answers {@code answers} at once. */
    FixedResolver(List<ResolvedAddress> answers) {
      this.answers = answers;
      this.pending = null;
    }

    /** Never answers: the future stays pending. */
    FixedResolver() {
      this.answers = List.of();
      this.pending = new CompletableFuture<>();
    }

    @Override
    public CompletableFuture<List<ResolvedAddress>> resolve(
        String host, int port, ProtocolFamily family) {
      familiesAsked.add(family);
      if (pending != null) {
        return pending;
      }
      List<ResolvedAddress> kept = new ArrayList<>();
      for (ResolvedAddress answer : answers) {
        if (family == null || answer.family() == family) {
          kept.add(answer);
        }
      }
      return CompletableFuture.completedFuture(kept);
    }

    @Override
    public void close() {}
  }

  /**
   * A listening socket on {@code ip} that never accepts. With {@code full}, its backlog is filled
   * first, so that the kernel drops further SYNs and a connect to it stays pending: a slow address.
   * Without, a connect succeeds (the kernel completes the handshake) but nothing ever answers.
   */
  static final class Unaccepting implements AutoCloseable {
    final ServerSocketChannel listener;
    final List<Socket> fillers = new ArrayList<>();

    Unaccepting(String ip, boolean full) throws IOException {
      listener = ServerSocketChannel.open();
      listener.bind(new InetSocketAddress(InetAddress.getByName(ip), 0), 1);
      if (full) {
        fill();
      }
    }

    int port() throws IOException {
      return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    private void fill() throws IOException {
      SocketAddress address = listener.getLocalAddress();
      for (int i = 0; i < 32; i++) {
        Socket socket = new Socket();
        try {
          socket.connect(address, 250);
          fillers.add(socket);
        } catch (SocketTimeoutException e) {
          socket.close();
          return; // the backlog is full: the kernel now drops connection attempts
        }
      }
      close();
      assumeTrue(false, "this system never lets a full backlog hold connects back");
    }

    /** Takes the first queued connection (blocking, bounded) to see what the client did. */
    Socket acceptQueued() throws IOException {
      ServerSocket socket = listener.socket();
      socket.setSoTimeout((int) BOUND.toMillis());
      Socket accepted = socket.accept();
      accepted.setSoTimeout((int) BOUND.toMillis());
      return accepted;
    }

    @Override
    public void close() throws IOException {
      for (Socket filler : fillers) {
        filler.close();
      }
      listener.close();
    }
  }
}
