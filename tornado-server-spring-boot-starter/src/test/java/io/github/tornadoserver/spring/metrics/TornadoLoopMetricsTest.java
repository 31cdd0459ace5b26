package io.github.tornadoserver.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.testing.OnLoop;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TornadoLoopMetricsTest {
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private IOLoop loop;
  private LoopMonitor monitor;

  @BeforeEach
  void start() {
    loop = IOLoop.startInNewThread("tornado-loop-7", true);
    monitor = new LoopMonitor(List.of(loop), Duration.ofMillis(10));
    new TornadoLoopMetrics(monitor).bindTo(registry);
  }

  @AfterEach
  void stop() {
    monitor.stop();
    loop.addCallback(loop::stop);
  }

  private double lagMillis() {
    return registry
        .get("tornado.ioloop.lag")
        .tag("loop", "tornado-loop-7")
        .timeGauge()
        .value(TimeUnit.MILLISECONDS);
  }

  private double pending() {
    return registry
        .get("tornado.ioloop.tasks.pending")
        .tag("loop", "tornado-loop-7")
        .gauge()
        .value();
  }

  @Test
  void aBlockedLoopShowsAGrowingLagAndItsQueuedCallbacks() throws InterruptedException {
    monitor.start();
    assertThat(lagMillis()).isLessThan(1000);
    CountDownLatch release = new CountDownLatch(1);
    OnLoop.block(loop, release);
    try {
      loop.addCallback(() -> {});
      OnLoop.await(() -> lagMillis() > 50, "the lag gauge past 50 ms");
      assertThat(pending()).isGreaterThanOrEqualTo(1);
    } finally {
      release.countDown();
    }
    OnLoop.await(() -> pending() == 0, "the queue drained");
  }
}
