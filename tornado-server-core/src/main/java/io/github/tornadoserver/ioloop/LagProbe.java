package io.github.tornadoserver.ioloop;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures how late a loop runs its callbacks: {@link #probe()} posts a callback with {@link
 * IOLoop#addCallback} and notes the time; when it runs, the time from post to run is the loop's
 * lag. A loop kept busy by a blocking handler cannot run the probe, and {@link #lagNanos()} then
 * reports the age of the probe still waiting, so a stuck loop shows a lag that keeps growing.
 *
 * <p>Call {@code probe()} at a fixed interval from a thread that is not the loop's own (a scheduler
 * thread): a loop cannot observe its own stall. At most one probe is in flight per loop; calls made
 * while one waits do nothing, so a stuck loop does not pile up probes.
 *
 * <p>Threading: every method is safe from any thread and never blocks.
 */
public final class LagProbe {
  /** {@link #postedAt} when no probe is in flight. */
  private static final long IDLE = Long.MIN_VALUE;

  private final IOLoop loop;
  private final AtomicLong postedAt = new AtomicLong(IDLE);
  private volatile long lastLagNanos;

  /** A probe of {@code loop}; nothing is posted until {@link #probe()}. */
  public LagProbe(IOLoop loop) {
    this.loop = Objects.requireNonNull(loop, "loop");
  }

  /** The loop this probe measures. */
  public IOLoop loop() {
    return loop;
  }

  /**
   * Posts a probe unless one is in flight.
   *
   * @return false when the loop is closed (nothing to measure any more), else true
   */
  public boolean probe() {
    if (loop.isClosed()) {
      return false;
    }
    if (!postedAt.compareAndSet(IDLE, loop.time())) {
      return true;
    }
    if (!loop.addCallback(this::arrived)) {
      postedAt.set(IDLE);
      return false;
    }
    return true;
  }

  private void arrived() {
    lastLagNanos = Math.max(0, loop.time() - postedAt.get());
    postedAt.set(IDLE);
  }

  /**
   * The loop's lag now: the age of the probe in flight when it is older than the last measurement,
   * else the last measurement (0 before the first).
   */
  public long lagNanos() {
    long posted = postedAt.get();
    long waiting = posted == IDLE ? 0 : loop.time() - posted;
    return Math.max(lastLagNanos, waiting);
  }

  /** Whether a probe is waiting for the loop to run it. */
  public boolean inFlight() {
    return postedAt.get() != IDLE;
  }
}
