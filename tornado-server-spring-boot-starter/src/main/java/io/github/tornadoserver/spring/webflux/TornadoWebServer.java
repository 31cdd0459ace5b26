package io.github.tornadoserver.spring.webflux;

import io.github.tornadoserver.httpserver.HTTPServer;
import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.netutil.NetUtil;
import io.github.tornadoserver.spring.IOLoopGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.GracefulShutdownCallback;
import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerException;

/**
 * A core {@link HTTPServer} as Spring Boot's {@link WebServer}: {@link #start()} binds the port and
 * registers the sockets on the first {@code processes} loops of the {@link IOLoopGroup}; {@link
 * #shutDownGracefully} drains through {@link HTTPServer#shutdown(Duration)} (in-flight requests
 * finish, idle connections close, no new connection is accepted); {@link #stop()} closes whatever
 * is left.
 *
 * <p>Threading: Spring Boot calls {@code start}, {@code stop} and {@code shutDownGracefully} from
 * its lifecycle thread; {@link #getPort()} is safe from any thread.
 */
public final class TornadoWebServer implements WebServer {
  private static final Logger LOG = LoggerFactory.getLogger(TornadoWebServer.class);
  private static final Duration LOOP_TIMEOUT = Duration.ofSeconds(10);

  private final HTTPServer server;
  private final IOLoopGroup loops;
  private final Listen listen;
  private final Shutdown shutdown;
  private final Duration drainTimeout;
  private final boolean tls;
  private final List<ServerSocketChannel> bound = new ArrayList<>();
  private volatile int port = -1;

  /**
   * Where and how to listen: {@code address} null for every interface, {@code port} 0 for a free
   * one, {@code processes} the number of loops that accept.
   */
  public record Listen(String address, int port, int processes, int backlog, boolean reusePort) {}

  TornadoWebServer(
      HTTPServer server,
      IOLoopGroup loops,
      Listen listen,
      Shutdown shutdown,
      Duration drainTimeout,
      boolean tls) {
    this.server = server;
    this.tls = tls;
    this.loops = loops;
    this.listen = listen;
    this.shutdown = shutdown;
    this.drainTimeout = drainTimeout;
  }

  @Override
  public synchronized void start() {
    if (port >= 0) {
      return;
    }
    int count = Math.max(1, Math.min(listen.processes(), loops.size()));
    List<List<ServerSocketChannel>> perLoop = bind(count);
    try {
      register(perLoop);
    } catch (RuntimeException e) {
      closeBound();
      throw new WebServerException("Unable to start tornado-server", e);
    }
    port = tcpPort(perLoop.get(0));
    LOG.info(
        "tornado-server (WebFlux) started on port {} ({}) on {} loop{}",
        port,
        tls ? "https" : "http",
        count,
        count == 1 ? "" : "s");
  }

  private List<List<ServerSocketChannel>> bind(int count) {
    List<List<ServerSocketChannel>> perLoop = new ArrayList<>();
    try {
      List<ServerSocketChannel> first = bindTcp(listen.port());
      perLoop.add(first);
      for (int i = 1; i < count; i++) {
        perLoop.add(listen.reusePort() ? bindTcp(tcpPort(first)) : first);
      }
      return perLoop;
    } catch (RuntimeException e) {
      closeBound();
      throw e;
    }
  }

  private List<ServerSocketChannel> bindTcp(int tcpPort) {
    try {
      List<ServerSocketChannel> sockets =
          NetUtil.bindSockets(
              tcpPort, listen.address(), null, listen.backlog(), listen.reusePort());
      bound.addAll(sockets);
      return sockets;
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof BindException && tcpPort > 0) {
        throw new PortInUseException(tcpPort, e);
      }
      throw new WebServerException("Unable to bind port " + tcpPort, e);
    }
  }

  private void register(List<List<ServerSocketChannel>> perLoop) {
    List<CompletableFuture<Void>> registered = new ArrayList<>();
    for (int i = 0; i < perLoop.size(); i++) {
      registered.add(registerOn(loops.loops().get(i), perLoop.get(i)));
    }
    await(CompletableFuture.allOf(registered.toArray(new CompletableFuture<?>[0])));
  }

  private CompletableFuture<Void> registerOn(IOLoop loop, List<ServerSocketChannel> sockets) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    boolean queued =
        loop.addCallback(
            () -> {
              try {
                server.addSockets(sockets);
                done.complete(null);
              } catch (RuntimeException e) {
                done.completeExceptionally(e);
              }
            });
    if (!queued) {
      done.completeExceptionally(new IllegalStateException("loop " + loop + " is closed"));
    }
    return done;
  }

  private static void await(CompletableFuture<?> future) {
    try {
      future.get(LOOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("loops did not answer within " + LOOP_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting tornado-server", e);
    }
  }

  private static int tcpPort(List<ServerSocketChannel> sockets) {
    for (ServerSocketChannel socket : sockets) {
      try {
        if (socket.getLocalAddress() instanceof InetSocketAddress address) {
          return address.getPort();
        }
      } catch (IOException e) {
        // closed meanwhile: try the next one
      }
    }
    return -1;
  }

  /**
   * Drains: no new connection is accepted, idle connections close, requests in progress finish
   * (their responses say {@code Connection: close}). {@code callback} hears {@code IDLE} once every
   * connection ended, or {@code REQUESTS_ACTIVE} when some were still open at the drain deadline
   * ({@code spring.lifecycle.timeout-per-shutdown-phase}); with {@code server.shutdown=immediate},
   * {@code IMMEDIATE} at once.
   */
  @Override
  public void shutDownGracefully(GracefulShutdownCallback callback) {
    if (shutdown != Shutdown.GRACEFUL || port < 0) {
      callback.shutdownComplete(GracefulShutdownResult.IMMEDIATE);
      return;
    }
    LOG.info("Commencing graceful shutdown. Waiting for active requests to complete");
    server
        .shutdown(drainTimeout)
        .whenComplete(
            (clean, error) -> {
              boolean idle = error == null && Boolean.TRUE.equals(clean);
              LOG.info(
                  idle
                      ? "Graceful shutdown complete"
                      : "Graceful shutdown aborted with requests active");
              callback.shutdownComplete(
                  idle ? GracefulShutdownResult.IDLE : GracefulShutdownResult.REQUESTS_ACTIVE);
            });
  }

  /** Stops accepting and closes every connection still open. */
  @Override
  public synchronized void stop() {
    if (port < 0) {
      return;
    }
    port = -1;
    try {
      server.stop().get(LOOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("stopping the listeners: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.closeAllConnections();
    closeBound();
  }

  private void closeBound() {
    for (ServerSocketChannel socket : bound) {
      try {
        socket.close();
      } catch (IOException e) {
        // already closed by the server
      }
    }
    bound.clear();
  }

  /** The port listened on, or -1 when not started. */
  @Override
  public int getPort() {
    return port;
  }

  /** The core server, for its connection count and addresses. */
  public HTTPServer httpServer() {
    return server;
  }
}
