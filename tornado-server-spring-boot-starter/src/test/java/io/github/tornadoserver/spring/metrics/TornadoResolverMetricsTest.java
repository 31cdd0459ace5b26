package io.github.tornadoserver.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

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
  void eachLookupIsTimedByResolverTypeAndLowerCaseResult() {
    metrics.record("threaded", "SUCCESS", Duration.ofMillis(3).toNanos());
    metrics.record("threaded", "SUCCESS", Duration.ofMillis(5).toNanos());
    metrics.record("threaded", "NOT_FOUND", Duration.ofMillis(1).toNanos());
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
}
