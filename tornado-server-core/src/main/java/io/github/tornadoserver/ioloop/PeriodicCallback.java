package io.github.tornadoserver.ioloop;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Runs a callback every {@code period} on the loop that is current when {@link #start()} is called.
 *
 * <p>The schedule is start-to-start: a run that overruns its slot skips the slots it missed, and
 * the next run is the first slot still in the future. With {@code jitter} &gt; 0 each period is
 * multiplied by a random factor in {@code [1 - jitter/2, 1 + jitter/2)}, which spreads the work of
 * many timers that were started together. An exception from the callback is logged on {@code
 * tornado.application} and the timer goes on. Loop thread only.
 *
 * <p>An async timer ({@link #ofAsync}) waits for the stage each run returns: the next run is
 * scheduled when that stage completes, on the same start-to-start schedule, so slots that passed
 * meanwhile are skipped and runs never overlap. A failed stage is logged once on {@code
 * tornado.application} (a cancellation is not) and the timer goes on.
 */
public final class PeriodicCallback {
  private final Supplier<? extends CompletionStage<?>> task;
  private final Object shownAs;
  private final long periodNanos;
  private final double jitter;
  private IOLoop loop;
  private Timeout timeout;
  private long nextDeadline;
  private boolean running;

  /** Counts starts, so that a run begun before a stop and a start does not schedule again. */
  private int generation;

  /** A timer with no jitter. */
  public PeriodicCallback(Runnable callback, Duration period) {
    this(callback, period, 0);
  }

  /**
   * @throws IllegalArgumentException if {@code period} is not positive or {@code jitter} is
   *     negative
   */
  public PeriodicCallback(Runnable callback, Duration period, double jitter) {
    this(synchronous(Objects.requireNonNull(callback, "callback")), callback, period, jitter);
  }

  /** An async timer with no jitter: see {@link #ofAsync(Supplier, Duration, double)}. */
  public static PeriodicCallback ofAsync(
      Supplier<? extends CompletionStage<?>> callback, Duration period) {
    return ofAsync(callback, period, 0);
  }

  /**
   * A timer whose callback returns a stage (or {@code null}, meaning done); the next run is
   * scheduled once that stage completes. A factory rather than a constructor overload, so that a
   * lambda passed to the constructor is always a {@code Runnable}.
   *
   * @throws IllegalArgumentException if {@code period} is not positive or {@code jitter} is
   *     negative
   */
  public static PeriodicCallback ofAsync(
      Supplier<? extends CompletionStage<?>> callback, Duration period, double jitter) {
    Objects.requireNonNull(callback, "callback");
    return new PeriodicCallback(callback, callback, period, jitter);
  }

  private PeriodicCallback(
      Supplier<? extends CompletionStage<?>> task, Object shownAs, Duration period, double jitter) {
    this.task = task;
    this.shownAs = shownAs;
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
    generation++;
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

  private static Supplier<CompletionStage<?>> synchronous(Runnable callback) {
    return () -> {
      callback.run();
      return null;
    };
  }

  private void run() {
    if (!running) {
      return;
    }
    int started = generation;
    CompletionStage<?> stage;
    try {
      stage = task.get();
    } catch (Throwable t) {
      IOLoop.APP_LOG.error("Exception in callback {}", shownAs, t);
      stage = null;
    }
    if (stage == null) {
      scheduleNext();
      return;
    }
    IOLoop.logIfFails(stage, shownAs);
    IOLoop runOn = loop;
    stage.whenComplete(
        (value, error) -> {
          if (runOn.inLoopThread()) {
            runEnded(started);
          } else {
            runOn.addCallback(() -> runEnded(started));
          }
        });
  }

  /** The stage of a run begun in start number {@code started} completed. Loop thread. */
  private void runEnded(int started) {
    if (started == generation) {
      scheduleNext();
    }
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
