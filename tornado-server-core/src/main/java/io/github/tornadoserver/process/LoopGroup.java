package io.github.tornadoserver.process;

import io.github.tornadoserver.ioloop.IOLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code n} loops, each started on its own thread with task id 0 to n-1: Tornado's {@code
 * fork_processes} on threads. Nothing is shared between the loops except what the user shares.
 *
 * <p>Lifecycle: {@link #start} creates and starts every loop and returns once all run; servers
 * accept on it ({@code TCPServer.start(LoopGroup)}), several on one group if need be; {@link
 * #shutdown} stops them, waits for their threads and closes them. A loop thread that ends by an
 * exception is logged; it is not restarted (Tornado restarts crashed children, but a loop thread
 * only ends on {@code stop}).
 */
public final class LoopGroup {
  private static final Logger GEN_LOG = LoggerFactory.getLogger("tornado.general");

  private final List<IOLoop> loops;
  private final List<Thread> threads;

  private LoopGroup(List<IOLoop> loops, List<Thread> threads) {
    this.loops = List.copyOf(loops);
    this.threads = List.copyOf(threads);
  }

  /**
   * Starts {@code n} loops ({@code n <= 0}: {@link Process#cpuCount()}) on non-daemon threads named
   * {@code namePrefix + taskId}.
   */
  public static LoopGroup start(int n, String namePrefix) {
    int count = n <= 0 ? Process.cpuCount() : n;
    GEN_LOG.info("Starting {} loops", count);
    List<IOLoop> loops = new ArrayList<>(count);
    List<Thread> threads = new ArrayList<>(count);
    for (int id = 0; id < count; id++) {
      int taskId = id;
      CompletableFuture<IOLoop> running = new CompletableFuture<>();
      Thread thread = new Thread(() -> runLoop(taskId, running), namePrefix + id);
      thread.setUncaughtExceptionHandler(
          (t, e) -> GEN_LOG.error("loop thread of task {} died", taskId, e));
      threads.add(thread);
      thread.start();
      loops.add(running.join());
    }
    return new LoopGroup(loops, threads);
  }

  private static void runLoop(int taskId, CompletableFuture<IOLoop> running) {
    IOLoop loop = IOLoop.current();
    Process.TASK_ID.set(loop, taskId);
    loop.addCallback(() -> running.complete(loop));
    try {
      loop.start();
    } finally {
      loop.close(false);
    }
  }

  /** The loops, in task-id order. */
  public List<IOLoop> loops() {
    return loops;
  }

  /** The number of loops. */
  public int size() {
    return loops.size();
  }

  /**
   * The first {@code n} loops of this group, on the same threads: for a server that should accept
   * on fewer loops than the group has (a server started on it accepts on those loops only). It
   * shares this group's loops, so shutting it down stops them; shut down the whole group instead.
   *
   * @throws IllegalArgumentException when {@code n} is not between 1 and {@link #size()}
   */
  public LoopGroup first(int n) {
    if (n < 1 || n > loops.size()) {
      throw new IllegalArgumentException("n: " + n + " (expected: 1.." + loops.size() + ")");
    }
    return n == loops.size() ? this : new LoopGroup(loops.subList(0, n), threads.subList(0, n));
  }

  /**
   * Stops every loop, waits up to {@code timeout} in all for their threads to end, and returns
   * whether they all did. Safe from any thread except a loop thread of this group.
   */
  public boolean shutdown(Duration timeout) {
    for (IOLoop loop : loops) {
      loop.addCallback(loop::stop);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread thread : threads) {
      long left = deadline - System.nanoTime();
      try {
        if (left > 0) {
          TimeUnit.NANOSECONDS.timedJoin(thread, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      if (thread.isAlive()) {
        return false;
      }
    }
    return true;
  }
}
