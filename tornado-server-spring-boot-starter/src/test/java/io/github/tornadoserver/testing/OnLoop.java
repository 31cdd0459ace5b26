package io.github.tornadoserver.testing;

import io.github.tornadoserver.ioloop.IOLoop;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Blocks a loop and waits for conditions, always with a bound; to run code on a loop, core's {@link
 * Loops}.
 */
public final class OnLoop {
  /** The bound on every wait. */
  public static final Duration BOUND = Duration.ofSeconds(5);

  private OnLoop() {}

  /**
   * Blocks {@code loop} in a callback until {@code release} is counted down (or the bound passes),
   * and returns once the loop is blocked.
   */
  public static void block(IOLoop loop, CountDownLatch release) throws InterruptedException {
    CountDownLatch blocked = new CountDownLatch(1);
    loop.addCallback(
        () -> {
          blocked.countDown();
          try {
            release.await(BOUND.toMillis(), TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    if (!blocked.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(loop + " did not run the blocking callback in " + BOUND);
    }
  }

  /** Waits until {@code condition} holds, failing with {@code what} after the bound. */
  public static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " did not happen in " + BOUND);
      }
      Thread.onSpinWait();
    }
  }
}
