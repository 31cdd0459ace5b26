package io.github.tornadoserver.ioloop;

import static io.github.tornadoserver.ioloop.LoopTesting.BOUND;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.testing.Loops;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LagProbeTest {
  private IOLoop loop;
  private LagProbe probe;

  @BeforeEach
  void startLoop() {
    loop = IOLoop.startInNewThread("probed-loop", true);
    probe = new LagProbe(loop);
  }

  @AfterEach
  void stopLoop() {
    Loops.stop(loop);
  }

  /** Waits (bounded) until the probe in flight has run. */
  private void awaitProbeRan() {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (probe.inFlight()) {
      assertThat(System.nanoTime()).as("probe still in flight").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void anIdleLoopShowsASmallLagOnceTheProbeRan() {
    assertThat(probe.lagNanos()).isZero();
    assertThat(probe.probe()).isTrue();
    awaitProbeRan();
    assertThat(probe.lagNanos()).isLessThan(Duration.ofSeconds(1).toNanos());
    assertThat(probe.loop()).isSameAs(loop);
  }

  @Test
  void aBlockedLoopShowsALagThatGrowsWhileItIsBlocked() throws InterruptedException {
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    loop.addCallback(
        () -> {
          blocked.countDown();
          awaitQuietly(release);
        });
    assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
    try {
      probe.probe();
      long first = probe.lagNanos();
      LoopTesting.occupy(Duration.ofMillis(50));
      assertThat(probe.inFlight()).isTrue();
      assertThat(probe.lagNanos()).isGreaterThanOrEqualTo(first + Duration.ofMillis(50).toNanos());
      assertThat(probe.probe()).as("a second probe while one waits").isTrue();
      assertThat(loop.pendingCallbacks()).isEqualTo(1);
    } finally {
      release.countDown();
    }
    awaitProbeRan();
    assertThat(probe.lagNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
  }

  @Test
  void aLaterProbeReplacesAnEarlierLargeMeasurement() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    loop.addCallback(() -> awaitQuietly(release));
    probe.probe();
    LoopTesting.occupy(Duration.ofMillis(50));
    release.countDown();
    awaitProbeRan();
    assertThat(probe.lagNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
    probe.probe();
    awaitProbeRan();
    assertThat(probe.lagNanos()).isLessThan(Duration.ofMillis(50).toNanos());
  }

  @Test
  void aClosedLoopCannotBeProbed() {
    Loops.stop(loop);
    assertThat(loop.isClosed()).isTrue();
    assertThat(probe.probe()).isFalse();
    assertThat(probe.inFlight()).isFalse();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
