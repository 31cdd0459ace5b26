package io.github.tornadoserver.spring;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Drains every server when the context closes ({@code tornado.shutdown=graceful}), at Spring Boot's
 * graceful-shutdown phase, which stops before the servers' own {@link TornadoServerLifecycle}
 * phase: each server stops accepting, closes idle connections and lets requests in progress finish,
 * all within {@code spring.lifecycle.timeout-per-shutdown-phase}; what is left is closed.
 *
 * <p>In a context that is not a web-server one (no Spring MVC or WebFlux server, so nobody else
 * does it), readiness turns to {@link ReadinessState#REFUSING_TRAFFIC} first, so that a load
 * balancer probing it stops sending traffic.
 */
public final class TornadoGracefulShutdownLifecycle implements SmartLifecycle {
  /** Spring Boot's phase for the graceful shutdown of web servers. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

  private final List<TornadoServerLifecycle> servers;
  private final Duration timeout;
  private final ConfigurableApplicationContext context;
  private volatile boolean running;

  TornadoGracefulShutdownLifecycle(
      List<TornadoServerLifecycle> servers,
      Duration timeout,
      ConfigurableApplicationContext context) {
    this.servers = List.copyOf(servers);
    this.timeout = timeout;
    this.context = context;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    throw new UnsupportedOperationException("stop(Runnable) drains asynchronously");
  }

  @Override
  public void stop(Runnable callback) {
    running = false;
    if (!WebServerContexts.isWebServerContext(context)) {
      AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
    }
    CompletableFuture<?>[] drains =
        servers.stream().map(server -> server.drain(timeout)).toArray(CompletableFuture<?>[]::new);
    CompletableFuture.allOf(drains).whenComplete((v, e) -> callback.run());
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  @Override
  public boolean isPauseable() {
    return false;
  }
}
