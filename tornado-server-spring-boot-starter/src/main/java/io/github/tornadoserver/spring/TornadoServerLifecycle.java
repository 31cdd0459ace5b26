package io.github.tornadoserver.spring;

import io.github.tornadoserver.httpserver.HTTPServer;
import io.github.tornadoserver.netutil.NetUtil;
import io.github.tornadoserver.tcpserver.ListenOptions;
import io.github.tornadoserver.tcpserver.ListeningServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * closes it when the context closes. The server does the work; this class only says when.
 *
 * <p>{@link #start()} binds the server as {@code tornado.<server>.*} says (failing start-up with a
 * {@link PortInUseException} when the port is taken), starts it on the first {@code processes}
 * loops of the {@link IOLoopGroup}, publishes {@code local.tornado.<server>.port} (and, for {@link
 * #isApplicationWebServer() the application's web server}, Boot's {@code local.server.port}) and a
 * {@link TornadoServerEvent.Started}. {@link #stop()} stops accepting, closes every connection (a
 * graceful drain, if any, ran before in {@link TornadoGracefulShutdownLifecycle}) and publishes a
 * {@link TornadoServerEvent.Stopped}.
 */
public final class TornadoServerLifecycle implements SmartLifecycle {
  /** Spring Boot's phase for starting and stopping web servers. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

  private static final Logger GEN_LOG = LoggerFactory.getLogger("tornado.general");
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final String PORTS_SOURCE = "tornado.ports";
  private static final String ROUTED_SERVER = "http";

  private final String name;
  private final ListeningServer server;
  private final TornadoProperties.Listener options;
  private final IOLoopGroup loops;
  private final ConfigurableApplicationContext context;
  private volatile List<SocketAddress> addresses = List.of();
  private volatile boolean running;

  TornadoServerLifecycle(
      String name,
      ListeningServer server,
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
    return new TornadoServerLifecycle(name, server, options, loops, context);
  }

  @Override
  public void start() {
    int count = Math.min(LoopCount.resolve(options.getProcesses()), loops.size());
    try {
      bind();
      server.start(loops.group().first(count));
    } catch (RuntimeException e) {
      server.stop();
      throw e;
    }
    addresses = List.copyOf(server.localAddresses());
    running = true;
    publishPort();
    GEN_LOG.info(
        "Tornado {} server listening on {} ({}, {} loop{})",
        label(),
        addresses,
        scheme(),
        count,
        count == 1 ? "" : "s");
    context.publishEvent(new TornadoServerEvent.Started(context, name, addresses));
  }

  /** The TCP port (unless -1) and the Unix-domain socket (when set). */
  private void bind() {
    boolean tcp = options.getPort() >= 0;
    if (!tcp && unixSocket() == null) {
      throw new IllegalStateException(
          "tornado." + name + ".port is -1 and no unix-socket is set: nothing to listen on");
    }
    if (tcp) {
      bindTcp(options.getPort());
    }
    if (unixSocket() != null) {
      server.bind(List.of(NetUtil.bindUnixSocket(unixSocket())));
    }
  }

  private void bindTcp(int port) {
    ListenOptions listen =
        ListenOptions.defaults()
            .withAddress(options.getAddress())
            .withBacklog(options.getBacklog())
            .withReusePort(options.isReusePort());
    try {
      server.bind(port, listen);
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof BindException && port > 0) {
        throw new PortInUseException(name, port, e);
      }
      throw e;
    }
  }

  private Path unixSocket() {
    String path = options.getUnixSocket();
    return path == null || path.isBlank() ? null : Path.of(path);
  }

  /**
   * Sets {@code local.tornado.<server>.port}, like Spring Boot's {@code local.server.port}; and
   * that one too when this is the application's web server, for {@code @LocalServerPort}.
   */
  @SuppressWarnings("unchecked")
  private void publishPort() {
    int port = TornadoServerEvent.portOf(addresses);
    MutablePropertySources sources = context.getEnvironment().getPropertySources();
    PropertySource<?> source = sources.get(PORTS_SOURCE);
    if (source == null) {
      source = new MapPropertySource(PORTS_SOURCE, new HashMap<>());
      sources.addFirst(source);
    }
    Map<String, Object> ports = (Map<String, Object>) source.getSource();
    ports.put("local.tornado." + name + ".port", port);
    if (isApplicationWebServer()) {
      ports.put("local.server.port", port);
    }
  }

  /**
   * Whether this is the application's web server: the routed HTTP server of an application that
   * runs none of Spring Boot's web servers. Such a server takes Boot's {@code server.*} where no
   * {@code tornado.http.*} value is set (see {@link BootServerFallback}), publishes {@code
   * local.server.port} and is the one Boot's test clients talk to. Known before the server starts.
   */
  public boolean isApplicationWebServer() {
    return ROUTED_SERVER.equals(name) && !WebServerContexts.isWebServerContext(context);
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
    return server.shutdown(timeout);
  }

  @Override
  public void stop() {
    if (!running) {
      return;
    }
    running = false;
    try {
      awaitRelease(server.stop());
    } finally {
      server.closeAllConnections();
      deleteUnixSocket();
      GEN_LOG.info("Tornado {} server on {} stopped", label(), addresses);
      context.publishEvent(new TornadoServerEvent.Stopped(context, name, addresses));
    }
  }

  private void awaitRelease(CompletableFuture<Void> released) {
    try {
      released.get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("loops did not answer within " + STOP_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the " + name + " server", e);
    }
  }

  private void deleteUnixSocket() {
    Path socket = unixSocket();
    if (socket == null) {
      return;
    }
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      GEN_LOG.debug("cannot delete {}: {}", socket, e.toString());
    }
  }

  private String label() {
    return name.toUpperCase(Locale.ROOT);
  }

  /** What clients speak to it: TLS or not, and for HTTP the URL scheme. */
  private String scheme() {
    boolean tls = options.getSsl().tlsActive();
    if (options instanceof TornadoProperties.Http) {
      return tls ? "https" : "http";
    }
    return tls ? "tls" : "plain tcp";
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** Whether clients reach it over TLS (for HTTP: https). */
  public boolean isTls() {
    return options.getSsl().tlsActive();
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
