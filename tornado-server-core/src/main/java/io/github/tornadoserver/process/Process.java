package io.github.tornadoserver.process;

import java.util.OptionalInt;

/**
 * Tornado's {@code tornado.process} helpers, for loops on threads instead of forked processes. See
 * {@link LoopGroup}.
 */
public final class Process {
  static final ThreadLocal<Integer> TASK_ID = new ThreadLocal<>();

  private Process() {}

  /** The number of processors the JVM may use (never less than 1). */
  public static int cpuCount() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /**
   * The task id (0 to n-1) of the calling thread when it is a loop thread of a {@link LoopGroup},
   * else empty (Tornado's {@code task_id()} returning {@code None} outside forked children).
   */
  public static OptionalInt taskId() {
    Integer id = TASK_ID.get();
    return id == null ? OptionalInt.empty() : OptionalInt.of(id);
  }
}
