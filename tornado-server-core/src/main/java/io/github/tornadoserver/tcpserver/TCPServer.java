package io.github.tornadoserver.tcpserver;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.iostream.ProxyHeader;
import io.github.tornadoserver.iostream.SSLIOStream;
import io.github.tornadoserver.iostream.StreamClosedException;
import io.github.tornadoserver.iostream.StreamOptions;
import io.github.tornadoserver.netutil.NetUtil;
import io.github.tornadoserver.process.LoopGroup;
import io.github.tornadoserver.tls.SSLOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
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
 * <p>Ways to start, as in Tornado:
 *
 * <ol>
 *   <li>{@link #listen(int, String)}: bind and accept on the current loop at once (then run the
 *       loop).
 *   <li>{@link #bind(int, String)} then {@link #start(int)}: with {@code n == 1} the same as
 *       listen; otherwise {@code n} new loops on {@code n} threads (task ids 0 to n-1) all accept
 *       from the bound sockets, or each from its own {@code SO_REUSEPORT} socket when bound with
 *       {@link ListenOptions#reusePort()}. This is Tornado's multi-process mode on threads; see
 *       {@link LoopGroup}.
 *   <li>{@code bind} then {@link #start(LoopGroup)}: the same on a group of loops the caller owns
 *       and may share with other servers.
 *   <li>{@link NetUtil#bindSockets} then {@link #addSockets}: sockets made elsewhere, accepted on
 *       the current loop.
 * </ol>
 *
 * <p>The server follows every connection it accepted until the connection closes, through the
 * stream's observer ({@link IOStream#setObserver}; the close callback stays the handler's): {@link
 * #connectionCount()}, {@link #closeAllConnections()} and {@link #shutdown(Duration)} rest on it.
 * Builder values are copied at {@link Builder#build()}: changing the builder afterwards does not
 * change the server.
 *
 * <p>Threading: see {@link ListeningServer}. Each connection stays on the loop that accepted it,
 * and {@code handleStream} runs there.
 */
public final class TCPServer implements ListeningServer {
  private static final Logger APP_LOG = LoggerFactory.getLogger("tornado.application");
  private static final Logger GEN_LOG = LoggerFactory.getLogger("tornado.general");

  /** Receives each accepted connection. */
  @FunctionalInterface
  public interface StreamHandler {
    /**
     * Called on the accepting loop's thread for each new connection. May return a stage (or null);
     * its failure is logged on {@code tornado.application}. For a TLS server the handshake has not
     * happened yet: reads and writes wait for it. The stream's close callback is the handler's; its
     * observer is the server's, which follows the connection through it: watch connections with
     * {@link Builder#listener} rather than replacing it.
     */
    CompletionStage<?> handleStream(IOStream stream, SocketAddress address);
  }

  private final StreamHandler handler;
  private final SSLOptions sslOptions;
  private final StreamOptions streamOptions;
  private final ServerListener listener;
  private final ProxyProtocol proxyProtocol;
  private final List<Listener> listeners = new ArrayList<>();
  private final List<ServerSocketChannel> boundSockets = new ArrayList<>();
  private final List<ReusePortBind> reusePortBinds = new ArrayList<>();
  private final Connections connections = new Connections();
  private boolean started;
  private CompletableFuture<Void> released = CompletableFuture.completedFuture(null);
  private volatile LoopGroup loopGroup;

  private record Listener(IOLoop loop, ServerSocketChannel channel, Runnable remover) {}

  /** A bind with SO_REUSEPORT: each extra loop binds the same port with the same options. */
  private record ReusePortBind(ListenOptions options, List<ServerSocketChannel> sockets) {}

  /** A plain TCP server with default stream limits. */
  public TCPServer(StreamHandler handler) {
    this(builder(handler));
  }

  private TCPServer(Builder builder) {
    this.handler = builder.handler;
    this.sslOptions = builder.sslOptions;
    this.streamOptions = builder.streamOptions;
    this.listener = builder.listener;
    this.proxyProtocol = builder.proxyProtocol;
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
    private ProxyProtocol proxyProtocol = ProxyProtocol.off();

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

    /**
     * Read a PROXY protocol header first on every connection, from the peers it trusts; see {@link
     * ProxyProtocol}. Off by default.
     */
    public Builder proxyProtocol(ProxyProtocol value) {
      this.proxyProtocol = Objects.requireNonNull(value, "proxyProtocol");
      return this;
    }

    /** The server. */
    public TCPServer build() {
      return new TCPServer(this);
    }
  }

  // ---------------------------------------------------------------- listen / addSockets

  @Override
  public void listen(int port, ListenOptions options) {
    addSockets(bindSockets(port, options));
  }

  @Override
  public void addSockets(List<ServerSocketChannel> sockets) {
    for (ServerSocketChannel socket : sockets) {
      addSocket(socket);
    }
  }

  @Override
  public void addSocket(ServerSocketChannel socket) {
    IOLoop loop = IOLoop.current();
    loop.checkThread();
    Runnable remover = NetUtil.addAcceptHandler(socket, this::handleConnection);
    synchronized (listeners) {
      listeners.add(new Listener(loop, socket, remover));
    }
  }

  private static List<ServerSocketChannel> bindSockets(int port, ListenOptions options) {
    return NetUtil.bindSockets(
        port, options.address(), options.family(), options.backlog(), options.reusePort());
  }

  // ---------------------------------------------------------------- bind / start

  @Override
  public void bind(int port, ListenOptions options) {
    List<ServerSocketChannel> sockets = bindSockets(port, options);
    synchronized (listeners) {
      if (started) {
        closeAll(sockets);
        throw new IllegalStateException("bind after start");
      }
      boundSockets.addAll(sockets);
      if (options.reusePort()) {
        reusePortBinds.add(new ReusePortBind(options, List.copyOf(sockets)));
      }
    }
  }

  @Override
  public void bind(List<ServerSocketChannel> sockets) {
    synchronized (listeners) {
      if (started) {
        throw new IllegalStateException("bind after start");
      }
      boundSockets.addAll(sockets);
    }
  }

  @Override
  public void start(int n) {
    if (n == 1) {
      addSockets(takeBoundSockets());
      loopGroup = null;
      return;
    }
    LoopGroup made = LoopGroup.start(n, "tornado-loop-");
    try {
      start(made);
    } catch (RuntimeException e) {
      made.shutdown(Duration.ofSeconds(5));
      throw e;
    }
  }

  @Override
  public void start(LoopGroup group) {
    List<ServerSocketChannel> sockets = takeBoundSockets();
    loopGroup = group;
    List<CompletableFuture<Void>> registered = new ArrayList<>();
    for (int i = 0; i < group.size(); i++) {
      List<ServerSocketChannel> own = i == 0 ? sockets : socketsForExtraLoop(sockets);
      registered.add(registerOn(group.loops().get(i), own));
    }
    CompletableFuture.allOf(registered.toArray(new CompletableFuture<?>[0])).join();
  }

  /** Marks the server started and hands over the bound sockets. */
  private List<ServerSocketChannel> takeBoundSockets() {
    synchronized (listeners) {
      if (started) {
        throw new IllegalStateException("TCPServer already started");
      }
      started = true;
      connections.reset();
      List<ServerSocketChannel> sockets = List.copyOf(boundSockets);
      boundSockets.clear();
      return sockets;
    }
  }

  /**
   * The sockets of a loop after the first: the shared ones, except that each bind made with
   * SO_REUSEPORT is made again, on the port it got, for a socket of the loop's own.
   */
  private List<ServerSocketChannel> socketsForExtraLoop(List<ServerSocketChannel> shared) {
    if (reusePortBinds.isEmpty()) {
      return shared;
    }
    List<ServerSocketChannel> own = new ArrayList<>(shared);
    for (ReusePortBind bind : reusePortBinds) {
      own.removeAll(bind.sockets());
      own.addAll(bindSockets(tcpPort(bind.sockets()), bind.options()));
    }
    return own;
  }

  private static int tcpPort(List<ServerSocketChannel> sockets) {
    if (localAddress(sockets.get(0)) instanceof InetSocketAddress address) {
      return address.getPort();
    }
    throw new IllegalStateException("cannot read the bound port of " + sockets.get(0));
  }

  private static SocketAddress localAddress(ServerSocketChannel channel) {
    try {
      return channel.getLocalAddress();
    } catch (IOException e) {
      return null; // closed meanwhile: not listening there any more
    }
  }

  /** Registers {@code sockets} on {@code loop}: at once on its thread, else queued to it. */
  private CompletableFuture<Void> registerOn(IOLoop loop, List<ServerSocketChannel> sockets) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Runnable register =
        () -> {
          try {
            addSockets(sockets);
            done.complete(null);
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        };
    if (loop.inLoopThread()) {
      register.run();
    } else if (!loop.addCallback(register)) {
      done.completeExceptionally(new IllegalStateException("loop " + loop + " is closed"));
    }
    return done;
  }

  @Override
  public LoopGroup loopGroup() {
    return loopGroup;
  }

  // ---------------------------------------------------------------- stop / shutdown

  @Override
  public CompletableFuture<Void> stop() {
    List<Listener> toStop;
    List<ServerSocketChannel> unstarted;
    CompletableFuture<Void> earlier;
    synchronized (listeners) {
      toStop = new ArrayList<>(listeners);
      listeners.clear();
      unstarted = new ArrayList<>(boundSockets);
      boundSockets.clear();
      reusePortBinds.clear();
      started = false;
      earlier = released;
    }
    closeAll(unstarted);
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    pending.add(earlier);
    for (Listener listener : toStop) {
      pending.add(stopListener(listener));
    }
    CompletableFuture<Void> all =
        CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0]));
    synchronized (listeners) {
      released = all;
    }
    return all;
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

  /**
   * {@inheritDoc}
   *
   * <p>A TCP server does not know when a connection is idle: it waits for the handlers to close
   * their streams (or for the peers to leave) and closes the rest at the deadline.
   */
  @Override
  public CompletableFuture<Boolean> shutdown(Duration timeout) {
    return connections.drain(stop(), timeout);
  }

  @Override
  public void closeAllConnections() {
    connections.closeAll();
  }

  @Override
  public int connectionCount() {
    return connections.count();
  }

  @Override
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
    SocketAddress address = localAddress(channel);
    if (address != null && !addresses.contains(address)) {
      addresses.add(address);
    }
  }

  // ---------------------------------------------------------------- connections

  private void handleConnection(SocketChannel connection, SocketAddress address) {
    if (proxyProtocol.enabled()) {
      ProxiedAccept.start(proxyProtocol, connection, address, listener, this::serve);
    } else {
      serve(connection, address, null, null);
    }
  }

  /**
   * Serves an accepted connection: {@code received} are bytes already read from it after a PROXY
   * {@code header} (both null without the PROXY protocol); the client the header names, if any,
   * replaces the socket's peer.
   */
  private void serve(
      SocketChannel connection, SocketAddress peer, ByteBuffer received, ProxyHeader header) {
    SocketAddress address = header == null || header.local() ? peer : header.source();
    IOStream stream = null;
    try {
      stream = newStream(connection, received, header);
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

  private IOStream newStream(SocketChannel connection, ByteBuffer received, ProxyHeader header) {
    if (!proxyProtocol.enabled()) {
      return sslOptions == null
          ? new IOStream(connection, streamOptions)
          : new SSLIOStream(connection, streamOptions, sslOptions, true, null);
    }
    return sslOptions == null
        ? IOStream.accepted(connection, streamOptions, received, header)
        : SSLIOStream.accepted(connection, streamOptions, sslOptions, received, header);
  }

  /**
   * Follows the connection until it closes, through the stream's observer (the close callback stays
   * the handler's), and reports it to the listener: accepted now, its handshake and close later.
   */
  private void observe(IOStream stream) {
    ConnectionObserver connection = new ConnectionObserver(stream, listener, connections);
    connections.add(connection);
    stream.setObserver(connection);
    listener.connectionAccepted();
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

  private static void closeQuietly(Channel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      GEN_LOG.debug("error closing {}: {}", channel, e.toString());
    }
  }
}
