package io.github.tornadoserver.tcpserver;

import io.github.tornadoserver.process.LoopGroup;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What every server of this library does with its sockets and connections: Tornado's {@code
 * TCPServer} methods, which its {@code HTTPServer} inherits. {@link TCPServer} implements them;
 * {@code HTTPServer} has a {@code TCPServer} and implements them by handing each call to it, so an
 * HTTP server is bound, started, stopped and drained exactly like a TCP one.
 *
 * <p>Lifecycle, in order: bind ({@link #bind(int, ListenOptions)}, {@link #bind(List)}) then {@link
 * #start(int)} or {@link #start(LoopGroup)}; or {@link #listen(int, ListenOptions)} / {@link
 * #addSockets} on the current loop. Then {@link #stop()} (stop accepting) and either {@link
 * #shutdown(Duration)} (drain) or {@link #closeAllConnections()} (cut). After {@code stop} the
 * server may be bound and started again.
 *
 * <p>Threading: {@code listen}, {@code addSockets} and {@code addSocket} register with the loop of
 * the calling thread and must run on it; every other method is safe from any thread.
 */
public interface ListeningServer {

  /** Listens on {@code port} on every interface; see {@link #listen(int, ListenOptions)}. */
  default void listen(int port) {
    listen(port, ListenOptions.defaults());
  }

  /** Listens on {@code address:port}; see {@link #listen(int, ListenOptions)}. */
  default void listen(int port, String address) {
    listen(port, ListenOptions.defaults().withAddress(address));
  }

  /**
   * Binds {@code port} as {@code options} say and accepts on the current loop at once; may be
   * called more than once. The loop must run for connections to be served.
   *
   * @throws java.io.UncheckedIOException when the port cannot be bound (its cause a {@link
   *     java.net.BindException} when it is taken)
   */
  void listen(int port, ListenOptions options);

  /** Accepts connections on {@code sockets} on the current loop. */
  void addSockets(List<ServerSocketChannel> sockets);

  /** Accepts connections on {@code socket} on the current loop. */
  void addSocket(ServerSocketChannel socket);

  /** Binds {@code port} on every interface, for {@link #start}. */
  default void bind(int port) {
    bind(port, ListenOptions.defaults());
  }

  /** Binds {@code address:port}, for {@link #start}. */
  default void bind(int port, String address) {
    bind(port, ListenOptions.defaults().withAddress(address));
  }

  /**
   * Binds {@code port} as {@code options} say, for {@link #start}; may be called more than once.
   * With {@link ListenOptions#reusePort()}, each loop started later binds a socket of its own on
   * the same port.
   *
   * @throws IllegalStateException when the server was started and not stopped since
   * @throws java.io.UncheckedIOException when the port cannot be bound
   */
  void bind(int port, ListenOptions options);

  /**
   * Takes sockets bound elsewhere (a Unix-domain socket from {@code NetUtil.bindUnixSocket}, for
   * one), to accept from once {@link #start} runs; every started loop shares them. The server owns
   * them from now on and closes them when it stops.
   *
   * @throws IllegalStateException when the server was started and not stopped since
   */
  void bind(List<ServerSocketChannel> sockets);

  /**
   * Starts accepting on the bound sockets: with {@code n == 1} on the current loop (call from its
   * thread), otherwise on a {@link LoopGroup} of {@code n} new loops ({@code n <= 0}: one per
   * processor) named {@code tornado-loop-<taskId>}, which {@link #loopGroup()} then returns and the
   * caller shuts down. Returns once every loop accepts.
   *
   * @throws IllegalStateException when already started
   */
  void start(int n);

  /**
   * Starts accepting on the bound sockets on every loop of {@code group}, which stays the caller's
   * to shut down; returns once every loop accepts. This is how several servers share one group.
   *
   * @throws IllegalStateException when already started
   */
  void start(LoopGroup group);

  /**
   * The loops this server accepts on: the group given to {@link #start(LoopGroup)} or made by
   * {@link #start(int)}; null when it accepts on a single loop.
   */
  LoopGroup loopGroup();

  /**
   * Stops listening: removes the accept handlers and closes the listening sockets, bound ones not
   * started included. Connections already accepted go on. Idempotent.
   *
   * @return completes once every listening socket is released (those of an earlier call still being
   *     released included): a channel registered with a selector keeps its port until that
   *     selector's next selection, so this completes in the following loop iteration
   */
  CompletableFuture<Void> stop();

  /**
   * Drains: stops accepting, lets the open connections end (an HTTP server also closes its idle
   * ones and ends each request in progress with {@code Connection: close}), and closes whatever is
   * still open at {@code timeout}. Completes from the connections' close events; the only timer is
   * the deadline's.
   *
   * @return true when every connection ended on its own, false when some were closed at the
   *     deadline
   */
  CompletableFuture<Boolean> shutdown(Duration timeout);

  /** Closes every open connection now, each on its loop; work in progress is cut. */
  void closeAllConnections();

  /**
   * The number of connections accepted and not yet ended. A stream taken over for another protocol
   * still counts until it closes; one released with {@code IOStream.detach()} does not.
   */
  int connectionCount();

  /** The addresses this server listens on now, bound ones not yet started included. */
  List<SocketAddress> localAddresses();
}
