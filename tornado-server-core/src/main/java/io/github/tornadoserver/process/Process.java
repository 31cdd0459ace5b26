package io.github.tornadoserver.process;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.ioloop.LoopLocal;
import java.util.OptionalInt;

/**
 * Tornado's {@code tornado.process} helpers, for loops on threads instead of forked processes. See
 * {@link LoopGroup}.
 */
public final class Process {
  /** The task id of a loop of a {@link LoopGroup}; -1 on other loops. */
  static final LoopLocal<Integer> TASK_ID = LoopLocal.withInitial(() -> -1);

  private Process() {}

  /** The number of processors the JVM may use (never less than 1). */
  public static int cpuCount() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /**
   * The task id (0 to n-1) of the loop running on the calling thread when it is a loop of a {@link
   * LoopGroup}, else empty (Tornado's {@code task_id()} returning {@code None} outside forked
   * children). The id is kept on the loop, not on its thread.
   */
  public static OptionalInt taskId() {
    IOLoop loop = IOLoop.current(false);
    if (loop == null || !loop.inLoopThread()) {
      return OptionalInt.empty();
    }
    int id = TASK_ID.get(loop);
    return id < 0 ? OptionalInt.empty() : OptionalInt.of(id);
  }
}
