package io.github.tornadoserver.spring.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The {@code tornado.resolver.lookups} timer: one sample per host-name lookup, tagged {@code type}
 * (the resolver: {@code default}, {@code executor}, {@code blocking}, {@code threaded}, {@code
 * override}) and {@code result} ({@code success}, {@code not_found}, {@code error}). Never tagged
 * with the host name. Thread-safe: resolvers report from their worker threads.
 */
public final class TornadoResolverMetrics {
  private final MeterRegistry registry;

  /** Lookups recorded in {@code registry}. */
  public TornadoResolverMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Records one lookup.
   *
   * @param resolverType the resolver's type, as in {@code tornado.resolver.type}
   * @param result the outcome's name, in any case ({@code SUCCESS} is tagged {@code success})
   * @param elapsedNanos how long the lookup took
   */
  public void record(String resolverType, String result, long elapsedNanos) {
    Timer.builder("tornado.resolver.lookups")
        .tag("type", resolverType)
        .tag("result", result.toLowerCase(Locale.ROOT))
        .description("Host-name lookups, by resolver and result")
        .register(registry)
        .record(elapsedNanos, TimeUnit.NANOSECONDS);
  }
}
