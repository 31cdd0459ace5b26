package io.github.tornadoserver.spring.health;

import io.github.tornadoserver.ioloop.LagProbe;
import io.github.tornadoserver.spring.TornadoServerEvent;
import io.github.tornadoserver.spring.metrics.LoopMonitor;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationListener;

/**
 * The {@code tornado} health check. DOWN when a loop is stuck (its lag, as the {@link LoopMonitor}
 * probe sees it, is over the threshold) or a server that was listening listens no more; UP
 * otherwise. Details: each loop's lag and queued callbacks, each server's state and addresses.
 *
 * <p>A server counts as started from its {@link TornadoServerEvent.Started} event, or from the
 * first check that finds it listening.
 *
 * <p>It never waits for a loop: it reads what the probes measured and what the servers hold, so a
 * stuck loop cannot make the health check hang. Thread-safe.
 */
public final class TornadoHealthIndicator
    implements HealthIndicator, ApplicationListener<TornadoServerEvent.Started> {
  private final LoopMonitor monitor;
  private final Duration lagThreshold;
  private final List<ServerWatch> servers = new CopyOnWriteArrayList<>();

  /** A check of the loops of {@code monitor}, stuck beyond {@code lagThreshold}. */
  public TornadoHealthIndicator(LoopMonitor monitor, Duration lagThreshold) {
    this.monitor = monitor;
    this.lagThreshold = lagThreshold;
  }

  /**
   * Also checks the server called {@code name} ({@code http}, {@code tcp}) whose listening
   * addresses {@code addresses} gives (empty when it does not listen). Call before the check is in
   * use.
   */
  public TornadoHealthIndicator watch(String name, Supplier<List<SocketAddress>> addresses) {
    servers.add(new ServerWatch(name, addresses));
    return this;
  }

  @Override
  public void onApplicationEvent(TornadoServerEvent.Started event) {
    for (ServerWatch server : servers) {
      if (server.name().equals(event.server())) {
        server.markStarted();
      }
    }
  }

  @Override
  public Health health() {
    boolean up = true;
    Map<String, Object> loops = new LinkedHashMap<>();
    for (LagProbe probe : monitor.probes()) {
      boolean stuck = probe.lagNanos() > lagThreshold.toNanos();
      up &= !stuck;
      loops.put(LoopMonitor.nameOf(probe.loop()), loopDetails(probe, stuck));
    }
    Map<String, Object> serverDetails = new LinkedHashMap<>();
    for (ServerWatch server : servers) {
      List<String> listening = server.listening();
      up &= !server.stopped(listening);
      serverDetails.put(server.name(), server.details(listening));
    }
    return (up ? Health.up() : Health.down())
        .withDetail("loops", loops)
        .withDetail("servers", serverDetails)
        .build();
  }

  private static Map<String, Object> loopDetails(LagProbe probe, boolean stuck) {
    return Map.of(
        "lagMillis",
        Duration.ofNanos(probe.lagNanos()).toMillis(),
        "pendingCallbacks",
        probe.loop().pendingCallbacks(),
        "stuck",
        stuck);
  }
}
