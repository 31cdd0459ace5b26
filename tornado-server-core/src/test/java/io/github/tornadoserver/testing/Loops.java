package io.github.tornadoserver.testing;

import io.github.tornadoserver.ioloop.IOLoop;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs code on a loop running in another thread and waits, with a bound, for its result. */
public final class Loops {
  private Loops() {}

  /** Calls {@code task} on {@code loop}'s thread and returns its result (5 s bound). */
  public static <T> T call(IOLoop loop, Callable<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.addCallback(
        () -> {
          try {
            result.complete(task.call());
          } catch (Throwable t) {
            result.completeExceptionally(t);
          }
        });
    try {
      return result.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("task on " + loop + " failed or timed out", e);
    }
  }

  /** Runs {@code task} on {@code loop}'s thread and waits for it (5 s bound). */
  public static void run(IOLoop loop, Runnable task) {
    call(
        loop,
        () -> {
          task.run();
          return null;
        });
  }

  /** Stops a loop started with {@link IOLoop#startInNewThread} and waits until it closed. */
  public static void stop(IOLoop loop) {
    loop.addCallback(loop::stop);
    try {
      loop.thread().join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
