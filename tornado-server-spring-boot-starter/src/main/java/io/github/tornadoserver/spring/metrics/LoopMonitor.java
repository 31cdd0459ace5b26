package io.github.tornadoserver.spring.metrics;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.ioloop.LagProbe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Measures the lag of every loop: one {@link LagProbe} per loop, probed at a fixed interval from a
 * daemon thread of its own ({@code tornado-loop-probe}), since a loop cannot time its own stall.
 * The loop metrics and the health indicator read the probes; neither ever waits for a loop.
 *
 * <p>Lifecycle: probing starts with the application context and stops with it. {@link #probes()} is
 * safe from any thread and never changes.
 */
public final class LoopMonitor implements SmartLifecycle {
  private static final Logger GEN_LOG = LoggerFactory.getLogger("tornado.general");

  private final List<LagProbe> probes;
  private final Duration interval;
  private ScheduledExecutorService scheduler;

  /**
   * A monitor of {@code loops}, probing each every {@code interval}.
   *
   * @throws IllegalArgumentException when {@code interval} is not positive
   */
  public LoopMonitor(List<IOLoop> loops, Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval: " + interval + " (expected: > 0)");
    }
    this.probes = loops.stream().map(LagProbe::new).toList();
    this.interval = interval;
  }

  /** One probe per loop, in the order of the loops given. */
  public List<LagProbe> probes() {
    return probes;
  }

  /** The time between two probes of a loop. */
  public Duration interval() {
    return interval;
  }

  /** The name a loop goes by in metrics and health details: its thread's name. */
  public static String nameOf(IOLoop loop) {
    return loop.thread().getName();
  }

  @Override
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "tornado-loop-probe");
              thread.setDaemon(true);
              return thread;
            });
    scheduler.scheduleAtFixedRate(this::probeAll, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return scheduler != null;
  }

  /** Probes every loop; never throws, so that one bad round does not end the schedule. */
  private void probeAll() {
    for (LagProbe probe : probes) {
      try {
        probe.probe();
      } catch (RuntimeException e) {
        GEN_LOG.debug("cannot probe {}: {}", probe.loop(), e.toString());
      }
    }
  }
}
