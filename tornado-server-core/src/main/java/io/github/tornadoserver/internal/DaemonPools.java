package io.github.tornadoserver.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fixed-size pools of daemon threads whose idle threads end after a minute, so that an unused pool
 * holds no thread: the loop's default executor and the resolvers' pools. Not part of the API.
 */
public final class DaemonPools {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private DaemonPools() {}

  /**
   * A pool of {@code threads} daemon threads named {@code <prefix>-<pool>-<n>}.
   *
   * @throws IllegalArgumentException if {@code threads} is not positive
   */
  public static ThreadPoolExecutor newPool(String prefix, int threads) {
    if (threads <= 0) {
      throw new IllegalArgumentException("threads: " + threads + " (expected: > 0)");
    }
    int pool = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, prefix + "-" + pool + "-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }
}
