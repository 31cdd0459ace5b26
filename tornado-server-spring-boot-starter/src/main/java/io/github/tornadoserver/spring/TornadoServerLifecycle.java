package io.github.tornadoserver.spring;

import io.github.tornadoserver.httpserver.HTTPServer;
import io.github.tornadoserver.ioloop.IOLoop;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Binds and starts one server with the application context, at Spring Boot's web-server phase, and
 * closes it when the context closes.
 *
 * <p>{@link #start()} binds the sockets (failing start-up with a {@link PortInUseException} when
 * the port is taken), registers them on the first {@code processes} loops of the {@link
 * IOLoopGroup}, publishes {@code local.tornado.<server>.port} and a {@link
 * TornadoServerEvent.Started}. {@link #stop()} stops accepting, closes every connection (a graceful
 * drain, if any, ran before in {@link TornadoGracefulShutdownLifecycle}) and publishes a {@link
 * TornadoServerEvent.Stopped}.
 */
public final class TornadoServerLifecycle implements SmartLifecycle {
  /** Spring Boot's phase for starting and stopping web servers. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

  private static final Logger GEN_LOG = LoggerFactory.getLogger("tornado.general");
  private static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(10);
  private static final String PORTS_SOURCE = "tornado.ports";

  private final String name;
  private final ManagedServer server;
  private final TornadoProperties.Listener options;
  private final IOLoopGroup loops;
  private final ConfigurableApplicationContext context;
  private volatile List<SocketAddress> addresses = List.of();
  private volatile boolean running;

  TornadoServerLifecycle(
      String name,
      ManagedServer server,
      TornadoProperties.Listener options,
      IOLoopGroup loops,
      ConfigurableApplicationContext context) {
    this.name = name;
    this.server = server;
    this.options = options;
    this.loops = loops;
    this.context = context;
  }

  /**
   * The lifecycle of one more HTTP server on the application's loops, besides the auto-configured
   * ones (such as the actuator's management server), bound as {@code options} say. Registered as a
   * bean, it starts, drains and stops with the others; {@code name} names it in the log, in its
   * events and in {@code local.tornado.<name>.port}.
   */
  public static TornadoServerLifecycle http(
      String name,
      HTTPServer server,
      TornadoProperties.Listener options,
      IOLoopGroup loops,
      ConfigurableApplicationContext context) {
    return new TornadoServerLifecycle(name, new HttpManagedServer(server), options, loops, context);
  }

  @Override
  public void start() {
    int count = Math.min(LoopCount.resolve(options.getProcesses()), loops.size());
    List<List<ServerSocketChannel>> sockets = new ListeningSockets(name, options).bind(count);
    try {
      register(sockets);
    } catch (RuntimeException e) {
      server.stopAccepting();
      sockets.forEach(ListeningSockets::closeAll);
      throw e;
    }
    addresses = localAddresses(sockets);
    running = true;
    publishPort();
    GEN_LOG.info(
        "Tornado {} server listening on {} ({} loop{})",
        label(),
        addresses,
        count,
        count == 1 ? "" : "s");
    context.publishEvent(new TornadoServerEvent.Started(context, name, addresses));
  }

  private void register(List<List<ServerSocketChannel>> sockets) {
    List<CompletableFuture<Void>> registered = new ArrayList<>();
    for (int i = 0; i < sockets.size(); i++) {
      registered.add(registerOn(loops.loops().get(i), sockets.get(i)));
    }
    await(CompletableFuture.allOf(registered.toArray(new CompletableFuture<?>[0])));
  }

  private CompletableFuture<Void> registerOn(IOLoop loop, List<ServerSocketChannel> sockets) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Runnable register =
        () -> {
          try {
            server.addSockets(sockets);
            done.complete(null);
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        };
    if (!loop.addCallback(register)) {
      done.completeExceptionally(new IllegalStateException("loop " + loop + " is closed"));
    }
    return done;
  }

  private void await(CompletableFuture<?> future) {
    try {
      future.get(REGISTER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("loops did not answer within " + REGISTER_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the " + name + " server", e);
    }
  }

  private static List<SocketAddress> localAddresses(List<List<ServerSocketChannel>> sockets) {
    List<SocketAddress> found = new ArrayList<>();
    for (List<ServerSocketChannel> perLoop : sockets) {
      for (ServerSocketChannel socket : perLoop) {
        try {
          SocketAddress address = socket.getLocalAddress();
          if (address != null && !found.contains(address)) {
            found.add(address);
          }
        } catch (IOException e) {
          // closed meanwhile: not listening there
        }
      }
    }
    return List.copyOf(found);
  }

  /** Sets {@code local.tornado.<server>.port}, like Spring Boot's {@code local.server.port}. */
  @SuppressWarnings("unchecked")
  private void publishPort() {
    int port = TornadoServerEvent.portOf(addresses);
    MutablePropertySources sources = context.getEnvironment().getPropertySources();
    PropertySource<?> source = sources.get(PORTS_SOURCE);
    if (source == null) {
      source = new MapPropertySource(PORTS_SOURCE, new HashMap<>());
      sources.addFirst(source);
    }
    ((Map<String, Object>) source.getSource()).put("local.tornado." + name + ".port", port);
  }

  /**
   * Stops accepting now and lets open connections finish until {@code timeout}; completes with
   * whether they all did. For {@link TornadoGracefulShutdownLifecycle}.
   */
  CompletableFuture<Boolean> drain(Duration timeout) {
    if (!running) {
      return CompletableFuture.completedFuture(true);
    }
    GEN_LOG.info("Draining the Tornado {} server for up to {} ms", label(), timeout.toMillis());
    return server.drain(timeout);
  }

  @Override
  public void stop() {
    if (!running) {
      return;
    }
    running = false;
    try {
      await(server.stopAccepting());
    } finally {
      server.closeConnections();
      deleteUnixSocket();
      GEN_LOG.info("Tornado {} server on {} stopped", label(), addresses);
      context.publishEvent(new TornadoServerEvent.Stopped(context, name, addresses));
    }
  }

  private void deleteUnixSocket() {
    if (options.getUnixSocket() == null || options.getUnixSocket().isBlank()) {
      return;
    }
    try {
      Files.deleteIfExists(java.nio.file.Path.of(options.getUnixSocket()));
    } catch (IOException e) {
      GEN_LOG.debug("cannot delete {}: {}", options.getUnixSocket(), e.toString());
    }
  }

  private String label() {
    return name.toUpperCase(Locale.ROOT);
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** Which server: {@code http} or {@code tcp}. */
  public String server() {
    return name;
  }

  /** The addresses the server listens on; empty before start. */
  public List<SocketAddress> addresses() {
    return addresses;
  }
}
