package io.github.tornadoserver.ioloop;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One {@link IOLoop#runSync} call: runs the function on the loop, stops the loop when its stage
 * completes or the timeout passes, and turns the outcome into a result or an exception.
 */
final class SyncRun<T> {
  private final IOLoop loop;
  private final Supplier<? extends CompletionStage<? extends T>> function;
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private CompletionStage<? extends T> stage;
  private boolean timedOut;

  /**
   * Callbacks of this run may outlive it (the stage may complete after a timeout or an early stop):
   * once start() has returned they must not run the function or stop a later run. Read from the
   * loop thread only, like every other field.
   */
  private boolean over;

  SyncRun(IOLoop loop, Supplier<? extends CompletionStage<? extends T>> function) {
    this.loop = loop;
    this.function = function;
  }

  T run(Duration timeout) throws TimeoutException {
    Timeout deadline = timeout == null ? null : loop.callLater(timeout, this::timeOut);
    result.whenComplete((r, e) -> loop.addCallback(this::stopUnlessOver));
    loop.addCallback(this::startUnlessOver);
    try {
      loop.start();
    } finally {
      over = true;
      loop.removeTimeout(deadline);
    }
    if (timedOut) {
      throw new TimeoutException(
          "Operation timed out after " + timeout.toMillis() / 1000.0 + " seconds");
    }
    if (!result.isDone()) {
      throw new IllegalStateException("Event loop stopped before Future completed.");
    }
    return join();
  }

  private void timeOut() {
    if (result.isDone()) {
      return; // completed earlier in this iteration; its stop is queued
    }
    timedOut = true;
    if (stage instanceof CompletableFuture) {
      ((CompletableFuture<?>) stage).cancel(false);
    }
    result.cancel(false);
    loop.stop();
  }

  private void stopUnlessOver() {
    if (!over) {
      loop.stop();
    }
  }

  private void startUnlessOver() {
    if (over) {
      return;
    }
    try {
      stage = function.get();
      if (stage == null) {
        result.complete(null);
        return;
      }
      stage.whenComplete(
          (value, error) -> {
            if (error != null) {
              result.completeExceptionally(error);
            } else {
              result.complete(value);
            }
          });
    } catch (RuntimeException | Error e) {
      result.completeExceptionally(e);
    }
  }

  private T join() {
    try {
      return result.join();
    } catch (CompletionException e) {
      // join() wraps every failure, and a dependent stage's failure arrives wrapped already;
      // rethrow an unchecked cause as it is, as the Javadoc promises (Tornado re-raises).
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw e;
    }
  }
}
