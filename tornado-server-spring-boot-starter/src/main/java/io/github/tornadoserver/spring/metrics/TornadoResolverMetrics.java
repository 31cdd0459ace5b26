package io.github.tornadoserver.spring.metrics;

import io.github.tornadoserver.netutil.LookupResult;
import io.github.tornadoserver.netutil.ResolverListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@code tornado.resolver.lookups} timer, as a {@link ResolverListener}: one sample per lookup,
 * tagged {@code type} (the resolver: {@code default}, {@code executor}, {@code blocking}, {@code
 * threaded}, {@code override}) and {@code result} ({@code success}, {@code not_found}, {@code
 * error}). Never tagged with the host name. Thread-safe: resolvers report from their own threads.
 */
public final class TornadoResolverMetrics implements ResolverListener {
  private final MeterRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  /** Lookups recorded in {@code registry}. */
  public TornadoResolverMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void onLookup(String resolverType, LookupResult result, long elapsedNanos) {
    timers
        .computeIfAbsent(resolverType + ' ' + result.tag(), key -> timer(resolverType, result))
        .record(elapsedNanos, TimeUnit.NANOSECONDS);
  }

  private Timer timer(String resolverType, LookupResult result) {
    return Timer.builder("tornado.resolver.lookups")
        .tag("type", resolverType)
        .tag("result", result.tag())
        .description("Host-name lookups, by resolver and result")
        .register(registry);
  }
}
