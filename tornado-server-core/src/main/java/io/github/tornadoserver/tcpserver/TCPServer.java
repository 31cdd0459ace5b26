package io.github.tornadoserver.tcpserver;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.iostream.SSLIOStream;
import io.github.tornadoserver.iostream.StreamClosedException;
import io.github.tornadoserver.iostream.StreamOptions;
import io.github.tornadoserver.netutil.NetUtil;
import io.github.tornadoserver.process.LoopGroup;
import io.github.tornadoserver.tls.SSLOptions;
import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A non-blocking TCP server, Tornado's {@code TCPServer}: it accepts connections and hands each one
 * to a {@link StreamHandler} as an {@link IOStream} (an {@link SSLIOStream} when {@link SSLOptions}
 * are set, its handshake still pending).
 *
 * <p>Three ways to start, as in Tornado:
 *
 * <ol>
 *   <li>{@link #listen(int, String)}: bind and accept on the current loop at once (then run the
 *       loop).
 *   <li>{@link #bind(int, String)} then {@link #start(int)}: with {@code n == 1} the same as
 *       listen; otherwise {@code n} new loops on {@code n} threads (task ids 0 to n-1) all accept
 *       from the bound sockets, or each from its own {@code SO_REUSEPORT} socket when bound with
 *       {@code reusePort}. This is Tornado's multi-process mode on threads; see {@link LoopGroup}.
 *   <li>{@link NetUtil#bindSockets} then {@link #addSockets}: sockets made elsewhere, accepted on
 *       the current loop.
 * </ol>
 *
 * <p>Threading: {@code listen}, {@code addSockets} and {@code addSocket} register with the loop of
 * the calling thread and must run on it; {@code bind}, {@code start}, {@link #stop()} and {@link
 * #localAddresses()} are safe from any thread. Each connection stays on the loop that accepted it,
 * and {@code handleStream} runs there.
 */
public final class TCPServer {
  private static final Logger APP_LOG = LoggerFactory.getLogger("tornado.application");
  private static final Logger GEN_LOG = LoggerFactory.getLogger("tornado.general");

  /** Receives each accepted connection. */
  @FunctionalInterface
  public interface StreamHandler {
    /**
     * Called on the accepting loop's thread for each new connection. May return a stage (or null);
     * its failure is logged on {@code tornado.application}. For a TLS server the handshake has not
     * happened yet: reads and writes wait for it.
     */
    CompletionStage<?> handleStream(IOStream stream, SocketAddress address);
  }

  private final StreamHandler handler;
  private final SSLOptions sslOptions;
  private final StreamOptions streamOptions;
  private final ServerListener listener;
  private final List<Listener> listeners = new ArrayList<>();
  private final List<ServerSocketChannel> boundSockets = new ArrayList<>();
  private final List<BindRequest> reusePortBinds = new ArrayList<>();
  private boolean started;
  private LoopGroup loopGroup;

  private record Listener(IOLoop loop, ServerSocketChannel channel, Runnable remover) {}

  private record BindRequest(String address, ProtocolFamily family, int backlog) {}

  /** A plain TCP server with default stream limits. */
  public TCPServer(StreamHandler handler) {
    this(builder(handler));
  }

  private TCPServer(Builder builder) {
    this.handler = builder.handler;
    this.sslOptions = builder.sslOptions;
    this.streamOptions = builder.streamOptions;
    this.listener = builder.listener;
  }

  /** A builder for a server that hands connections to {@code handler}. */
  public static Builder builder(StreamHandler handler) {
    return new Builder(handler);
  }

  /** Options of a {@link TCPServer}: TLS and stream buffer limits. */
  public static final class Builder {
    private final StreamHandler handler;
    private SSLOptions sslOptions;
    private StreamOptions streamOptions = StreamOptions.defaults();
    private ServerListener listener = ServerListener.NONE;

    private Builder(StreamHandler handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** Serve TLS with these options (null: plain TCP). */
    public Builder sslOptions(SSLOptions options) {
      this.sslOptions = options;
      return this;
    }

    /** Buffer limits of every accepted stream. */
    public Builder streamOptions(StreamOptions options) {
      this.streamOptions = Objects.requireNonNull(options, "streamOptions");
      return this;
    }

    /** Tornado's {@code max_buffer_size} of every accepted stream. */
    public Builder maxBufferSize(int size) {
      this.streamOptions = streamOptions.withMaxBufferSize(size);
      return this;
    }

    /** Tornado's {@code read_chunk_size} of every accepted stream. */
    public Builder readChunkSize(int size) {
      this.streamOptions = streamOptions.withReadChunkSize(size);
      return this;
    }

    /**
     * Told of every connection accepted, closed and (TLS) handshaken; see {@link ServerListener}.
     */
    public Builder listener(ServerListener value) {
      this.listener = Objects.requireNonNull(value, "listener");
      return this;
    }

    /** The server. */
    public TCPServer build() {
      return new TCPServer(this);
    }
  }

  // ---------------------------------------------------------------- listen / addSockets

  /** Listens on {@code port} on every interface; see {@link #listen(int, String)}. */
  public void listen(int port) {
    listen(port, null);
  }

  /**
   * Binds {@code address:port} and accepts on the current loop; may be called more than once. Takes
   * effect at once; the loop must run for connections to be served.
   */
  public void listen(int port, String address) {
    listen(port, address, null, NetUtil.DEFAULT_BACKLOG, false);
  }

  /** {@link #listen(int, String)} with every option of {@link NetUtil#bindSockets}. */
  public void listen(
      int port, String address, ProtocolFamily family, int backlog, boolean reusePort) {
    addSockets(NetUtil.bindSockets(port, address, family, backlog, reusePort));
  }

  /** Accepts connections on {@code sockets} on the current loop. */
  public void addSockets(List<ServerSocketChannel> sockets) {
    for (ServerSocketChannel socket : sockets) {
      addSocket(socket);
    }
  }

  /** Accepts connections on {@code socket} on the current loop. */
  public void addSocket(ServerSocketChannel socket) {
    IOLoop loop = IOLoop.current();
    loop.checkThread();
    Runnable remover = NetUtil.addAcceptHandler(socket, this::handleConnection);
    synchronized (listeners) {
      listeners.add(new Listener(loop, socket, remover));
    }
  }

  // ---------------------------------------------------------------- bind / start

  /** Binds {@code port} on every interface, for {@link #start(int)}. */
  public void bind(int port) {
    bind(port, null);
  }

  /** Binds {@code address:port}, for {@link #start(int)}; may be called more than once. */
  public void bind(int port, String address) {
    bind(port, address, null, NetUtil.DEFAULT_BACKLOG, false);
  }

  /**
   * Binds with every option of {@link NetUtil#bindSockets}, for {@link #start(int)}. With {@code
   * reusePort}, each loop started later binds a socket of its own on the same port.
   */
  public void bind(
      int port, String address, ProtocolFamily family, int backlog, boolean reusePort) {
    List<ServerSocketChannel> sockets =
        NetUtil.bindSockets(port, address, family, backlog, reusePort);
    synchronized (listeners) {
      if (started) {
        closeAll(sockets);
        throw new IllegalStateException("bind after start");
      }
      boundSockets.addAll(sockets);
      if (reusePort) {
        reusePortBinds.add(new BindRequest(address, family, backlog));
      }
    }
  }

  /**
   * Starts accepting on the bound sockets: with {@code n == 1} on the current loop (call from its
   * thread), otherwise on {@code n} new loops ({@code n <= 0}: one per processor) named {@code
   * tornado-loop-<taskId>}; returns once every loop accepts.
   *
   * @throws IllegalStateException when already started
   */
  public void start(int n) {
    List<ServerSocketChannel> sockets;
    synchronized (listeners) {
      if (started) {
        throw new IllegalStateException("TCPServer already started");
      }
      started = true;
      sockets = List.copyOf(boundSockets);
      boundSockets.clear();
    }
    if (n == 1) {
      addSockets(sockets);
      return;
    }
    loopGroup = LoopGroup.start(n, "tornado-loop-");
    List<CompletableFuture<Void>> registered = new ArrayList<>();
    for (int i = 0; i < loopGroup.size(); i++) {
      IOLoop loop = loopGroup.loops().get(i);
      List<ServerSocketChannel> own = i == 0 ? sockets : socketsForExtraLoop(sockets);
      CompletableFuture<Void> done = new CompletableFuture<>();
      loop.addCallback(() -> registerOn(own, done));
      registered.add(done);
    }
    CompletableFuture.allOf(registered.toArray(new CompletableFuture<?>[0])).join();
  }

  /** Shared sockets for every loop; with SO_REUSEPORT, a fresh socket set on the same port. */
  private List<ServerSocketChannel> socketsForExtraLoop(List<ServerSocketChannel> shared) {
    if (reusePortBinds.isEmpty()) {
      return shared;
    }
    List<ServerSocketChannel> own = new ArrayList<>();
    int port = localPort(shared.get(0));
    for (BindRequest bind : reusePortBinds) {
      own.addAll(NetUtil.bindSockets(port, bind.address(), bind.family(), bind.backlog(), true));
    }
    return own;
  }

  private static int localPort(ServerSocketChannel channel) {
    try {
      return ((java.net.InetSocketAddress) channel.getLocalAddress()).getPort();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the bound port of " + channel, e);
    }
  }

  private void registerOn(List<ServerSocketChannel> sockets, CompletableFuture<Void> done) {
    try {
      addSockets(sockets);
      done.complete(null);
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
    }
  }

  /** The loops started by {@link #start(int)} with {@code n != 1}, or null. */
  public LoopGroup loopGroup() {
    return loopGroup;
  }

  // ---------------------------------------------------------------- stop

  /**
   * Stops listening: removes the accept handlers and closes the listening sockets. Connections
   * already accepted go on. Idempotent; safe from any thread (the work for each loop runs on it, at
   * once when called on that loop's thread).
   *
   * @return completes once every listening socket is released: a channel registered with a selector
   *     keeps its port until that selector's next selection, so this completes in the following
   *     loop iteration
   */
  public CompletableFuture<Void> stop() {
    List<Listener> toStop;
    List<ServerSocketChannel> unstarted;
    synchronized (listeners) {
      toStop = new ArrayList<>(listeners);
      listeners.clear();
      unstarted = new ArrayList<>(boundSockets);
      boundSockets.clear();
    }
    closeAll(unstarted);
    List<CompletableFuture<Void>> released = new ArrayList<>();
    for (Listener listener : toStop) {
      released.add(stopListener(listener));
    }
    return CompletableFuture.allOf(released.toArray(new CompletableFuture<?>[0]));
  }

  private static CompletableFuture<Void> stopListener(Listener listener) {
    CompletableFuture<Void> released = new CompletableFuture<>();
    IOLoop loop = listener.loop();
    Runnable stopOne =
        () -> {
          listener.remover().run();
          closeQuietly(listener.channel());
          // Runs after this iteration's select, which deregisters the channel and frees the port.
          if (!loop.addCallback(() -> released.complete(null))) {
            released.complete(null);
          }
        };
    if (loop.inLoopThread() || !loop.addCallback(stopOne)) {
      stopOne.run();
    }
    return released;
  }

  /** The addresses this server listens on now. */
  public List<SocketAddress> localAddresses() {
    List<SocketAddress> addresses = new ArrayList<>();
    synchronized (listeners) {
      for (Listener listener : listeners) {
        addLocalAddress(addresses, listener.channel());
      }
      for (ServerSocketChannel socket : boundSockets) {
        addLocalAddress(addresses, socket);
      }
    }
    return addresses;
  }

  private static void addLocalAddress(List<SocketAddress> addresses, ServerSocketChannel channel) {
    try {
      SocketAddress address = channel.getLocalAddress();
      if (address != null && !addresses.contains(address)) {
        addresses.add(address);
      }
    } catch (IOException e) {
      // closed meanwhile: not listening there any more
    }
  }

  // ---------------------------------------------------------------- connections

  private void handleConnection(SocketChannel connection, SocketAddress address) {
    IOStream stream = null;
    try {
      stream =
          sslOptions == null
              ? new IOStream(connection, streamOptions)
              : new SSLIOStream(connection, streamOptions, sslOptions, true, null);
      observe(stream);
      CompletionStage<?> result = handler.handleStream(stream, address);
      if (result != null) {
        IOLoop.current().addFuture(result, (value, error) -> logHandlerFailure(address, error));
      }
    } catch (RuntimeException e) {
      APP_LOG.error("Error in connection callback for {}", address, e);
      if (stream != null) {
        stream.close();
      } else {
        closeQuietly(connection);
      }
    }
  }

  /** Reports the connection to the listener: accepted now, its handshake and close later. */
  private void observe(IOStream stream) {
    if (listener != ServerListener.NONE) {
      listener.connectionAccepted();
      stream.setObserver(new ConnectionObserver(listener, stream.ioLoop().time()));
    }
  }

  /**
   * Logs a failed handler stage. A stream that closed under the handler (the peer hung up) is a
   * close, not an application error, and is only logged at DEBUG.
   */
  private static void logHandlerFailure(SocketAddress address, Throwable error) {
    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
    if (cause == null || cause instanceof CancellationException) {
      return;
    }
    if (cause instanceof StreamClosedException) {
      GEN_LOG.debug("stream from {} closed under its handler: {}", address, cause.toString());
      return;
    }
    APP_LOG.error("Exception in callback handling stream from {}", address, cause);
  }

  private static void closeAll(List<ServerSocketChannel> sockets) {
    for (ServerSocketChannel socket : sockets) {
      closeQuietly(socket);
    }
  }

  private static void closeQuietly(java.nio.channels.Channel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      GEN_LOG.debug("error closing {}: {}", channel, e.toString());
    }
  }
}
