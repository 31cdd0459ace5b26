package io.github.tornadoserver.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.ioloop.LagProbe;
import io.github.tornadoserver.testing.OnLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoopMonitorTest {
  private IOLoop loop;
  private LoopMonitor monitor;

  @BeforeEach
  void startLoop() {
    loop = IOLoop.startInNewThread("monitored-loop", true);
    monitor = new LoopMonitor(List.of(loop), Duration.ofMillis(10));
  }

  @AfterEach
  void stopAll() {
    monitor.stop();
    loop.addCallback(loop::stop);
  }

  @Test
  void aStartedMonitorProbesEveryLoopUntilStopped() throws InterruptedException {
    assertThat(monitor.isRunning()).isFalse();
    monitor.start();
    monitor.start();
    assertThat(monitor.isRunning()).isTrue();
    LagProbe probe = monitor.probes().get(0);
    CountDownLatch release = new CountDownLatch(1);
    OnLoop.block(loop, release);
    try {
      OnLoop.await(() -> probe.lagNanos() > Duration.ofMillis(50).toNanos(), "lag seen growing");
    } finally {
      release.countDown();
    }
    OnLoop.await(() -> probe.lagNanos() < Duration.ofMillis(50).toNanos(), "lag back to small");
    monitor.stop();
    assertThat(monitor.isRunning()).isFalse();
  }

  @Test
  void loopsAreNamedByTheirThread() {
    assertThat(LoopMonitor.nameOf(loop)).isEqualTo("monitored-loop");
    assertThat(monitor.interval()).isEqualTo(Duration.ofMillis(10));
    assertThat(monitor.probes()).extracting(LagProbe::loop).containsExactly(loop);
  }

  @Test
  void aZeroIntervalIsRefused() {
    assertThatThrownBy(() -> new LoopMonitor(List.of(loop), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("interval: PT0S (expected: > 0)");
  }
}
