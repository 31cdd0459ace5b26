package io.github.tornadoserver.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.netutil.LookupResult;
import io.github.tornadoserver.netutil.Resolver;
import io.github.tornadoserver.netutil.ResolverSpec;
import io.github.tornadoserver.netutil.Resolvers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TornadoResolverMetricsTest {
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final TornadoResolverMetrics metrics = new TornadoResolverMetrics(registry);

  @Test
  void eachLookupIsTimedByResolverTypeAndResult() {
    metrics.onLookup("threaded", LookupResult.SUCCESS, Duration.ofMillis(3).toNanos());
    metrics.onLookup("threaded", LookupResult.SUCCESS, Duration.ofMillis(5).toNanos());
    metrics.onLookup("threaded", LookupResult.NOT_FOUND, Duration.ofMillis(1).toNanos());
    Timer ok =
        registry
            .get("tornado.resolver.lookups")
            .tags("type", "threaded", "result", "success")
            .timer();
    assertThat(ok.count()).isEqualTo(2);
    assertThat(ok.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(8);
    assertThat(
            registry
                .get("tornado.resolver.lookups")
                .tags("type", "threaded", "result", "not_found")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(registry.get("tornado.resolver.lookups").timers())
        .allSatisfy(
            t ->
                assertThat(t.getId().getTags())
                    .extracting("key")
                    .containsExactly("result", "type"));
  }

  @Test
  void aResolverReportsItsLookupsThroughIt() throws Exception {
    try (Resolver resolver =
        Resolvers.create(ResolverSpec.defaults().withType("blocking").withListener(metrics))) {
      resolver.resolve("127.0.0.1", 80).get(5, TimeUnit.SECONDS);
      resolver.resolve("nothing.invalid", 80).handle((v, e) -> null).get(5, TimeUnit.SECONDS);
    }
    assertThat(
            registry
                .get("tornado.resolver.lookups")
                .tags("type", "blocking", "result", "success")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("tornado.resolver.lookups")
                .tags("type", "blocking", "result", "not_found")
                .timer()
                .count())
        .isEqualTo(1);
  }
}
