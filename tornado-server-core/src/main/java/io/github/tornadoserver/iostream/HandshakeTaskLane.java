package io.github.tornadoserver.iostream;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.ioloop.LoopLocal;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;

/**
 * Runs the delegated tasks of a loop's TLS handshakes (key agreement, signatures, certificate
 * checks) off the loop, on its default executor, one engine's batch at a time and in the order the
 * engines asked.
 *
 * <p>Why one at a time: when many connections arrive together (a client opening its pool, a load
 * balancer reconnecting), a pool of several threads works on all of their handshakes at once and,
 * sharing the cores with the loop, finishes them all at about the same time, at the end of the
 * burst, and slows the loop's other connections meanwhile. Taken in order, the first handshake is
 * done after one handshake's work, the second after two, and so on: the same total work, half the
 * mean wait, and one more runnable thread beside the loop instead of several: the order an event
 * loop that runs the tasks inline gives, except that the loop keeps serving its established
 * connections meanwhile.
 *
 * <p>The cost: a task that blocks (a trust manager that fetches a revocation list) holds up the
 * loop's other handshakes until it returns, though not the loop. Loop thread only.
 */
final class HandshakeTaskLane {
  private static final LoopLocal<HandshakeTaskLane> LANES =
      LoopLocal.withInitial(HandshakeTaskLane::new);

  /** One engine's tasks and what to tell its transport. */
  private record Job(SSLEngine engine, BooleanSupplier stillWaiting, Consumer<Throwable> done) {}

  private final ArrayDeque<Job> waiting = new ArrayDeque<>();
  private boolean busy;

  private HandshakeTaskLane() {}

  /**
   * Runs {@code engine}'s delegated tasks after those of the loop's handshakes that asked before;
   * then calls {@code done} on the loop with null or the failure. A job whose {@code stillWaiting}
   * is false by its turn (its stream closed) is skipped and never told.
   */
  static void submit(
      IOLoop loop, SSLEngine engine, BooleanSupplier stillWaiting, Consumer<Throwable> done) {
    LANES.get(loop).add(loop, new Job(engine, stillWaiting, done));
  }

  private void add(IOLoop loop, Job job) {
    if (busy) {
      waiting.add(job);
    } else {
      start(loop, job);
    }
  }

  private void start(IOLoop loop, Job job) {
    busy = true;
    CompletableFuture<Void> ran;
    try {
      ran = loop.runInExecutor(null, () -> runTasks(job.engine()));
    } catch (RuntimeException e) { // the loop is closing, or its executor refused
      job.done().accept(e);
      next(loop);
      return;
    }
    ran.whenComplete(
        (ignored, error) -> {
          job.done().accept(error);
          next(loop);
        });
  }

  /** The running job ended: the next one still waiting starts. Off the loop (closed): nothing. */
  private void next(IOLoop loop) {
    if (!loop.inLoopThread()) {
      return;
    }
    busy = false;
    Job job;
    while ((job = waiting.poll()) != null) {
      if (job.stillWaiting().getAsBoolean()) {
        start(loop, job);
        return;
      }
    }
  }

  private static Void runTasks(SSLEngine engine) {
    Runnable task;
    while ((task = engine.getDelegatedTask()) != null) {
      task.run();
    }
    return null;
  }
}
