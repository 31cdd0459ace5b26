package io.github.tornadoserver.ioloop;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a callback every {@code period} on the loop that is current when {@link #start()} is called.
 *
 * <p>The schedule is start-to-start: a run that overruns its slot skips the slots it missed, and
 * the next run is the first slot still in the future. With {@code jitter} &gt; 0 each period is
 * multiplied by a random factor in {@code [1 - jitter/2, 1 + jitter/2)}, which spreads the work of
 * many timers that were started together. An exception from the callback is logged on {@code
 * tornado.application} and the timer goes on. Loop thread only.
 */
public final class PeriodicCallback {
  private final Runnable callback;
  private final long periodNanos;
  private final double jitter;
  private IOLoop loop;
  private Timeout timeout;
  private long nextDeadline;
  private boolean running;

  /** A timer with no jitter. */
  public PeriodicCallback(Runnable callback, Duration period) {
    this(callback, period, 0);
  }

  /**
   * @throws IllegalArgumentException if {@code period} is not positive or {@code jitter} is
   *     negative
   */
  public PeriodicCallback(Runnable callback, Duration period, double jitter) {
    this.callback = Objects.requireNonNull(callback, "callback");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period: " + period + " (expected: > 0)");
    }
    if (!(jitter >= 0)) {
      throw new IllegalArgumentException("jitter: " + jitter + " (expected: >= 0)");
    }
    this.periodNanos = period.toNanos();
    this.jitter = jitter;
  }

  /** Starts the timer on the current loop; the first run is one period from now. */
  public void start() {
    if (running) {
      return;
    }
    loop = IOLoop.current();
    running = true;
    nextDeadline = loop.time();
    scheduleNext();
  }

  /** Stops the timer; a run in progress finishes. */
  public void stop() {
    running = false;
    if (timeout != null) {
      loop.removeTimeout(timeout);
      timeout = null;
    }
  }

  /** Whether the timer is started. */
  public boolean isRunning() {
    return running;
  }

  /**
   * The deadline, on the loop's time scale, of the next run; during a run, of the run in progress.
   * Package-private so that tests can check the schedule without relying on wall-clock timing.
   */
  long nextDeadline() {
    return nextDeadline;
  }

  private void run() {
    if (!running) {
      return;
    }
    try {
      callback.run();
    } catch (Throwable t) {
      IOLoop.APP_LOG.error("Exception in callback {}", callback, t);
    }
    scheduleNext();
  }

  private void scheduleNext() {
    // A callback that called stop() then start() has already scheduled the next run: scheduling
    // another after it returns would run the timer twice per period from then on.
    if (!running || (timeout != null && timeout.isPending())) {
      return;
    }
    long now = loop.time();
    long period = jitteredPeriod();
    if (nextDeadline <= now) {
      long missed = (now - nextDeadline) / period + 1;
      nextDeadline += missed * period;
    }
    timeout = loop.callAt(nextDeadline, this::run);
  }

  private long jitteredPeriod() {
    if (jitter == 0) {
      return periodNanos;
    }
    double factor = 1 + jitter * (ThreadLocalRandom.current().nextDouble() - 0.5);
    return Math.max(1, (long) (periodNanos * factor));
  }
}
