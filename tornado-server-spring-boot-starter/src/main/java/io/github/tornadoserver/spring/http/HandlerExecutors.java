package io.github.tornadoserver.spring.http;

import io.github.tornadoserver.process.Process;
import io.github.tornadoserver.spring.TornadoProperties.HandlerExecution;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Where handlers run, per {@code tornado.http.handler-execution} and {@link Route#blocking()}:
 *
 * <ul>
 *   <li>{@code loop}: on the loop thread; a blocking route on a virtual thread when the JVM has
 *       them (21+), else on a pool of its own of up to {@code tornado.http.blocking-threads}
 *       threads (200 by default: a blocking handler holds its thread while it waits, so the pool is
 *       sized for waiting, not for the processors);
 *   <li>{@code virtual-threads}: every handler on a new virtual thread; start-up fails on a JVM
 *       without them;
 *   <li>{@code executor}: every handler on the application's task executor.
 * </ul>
 *
 * <p>The task executor is the {@code applicationTaskExecutor} bean when there is one, else a pool
 * of {@code min(32, processors + 4)} daemon threads made here. Executors made here are shut down by
 * {@link #close()}; their threads are daemons that end after 60 s idle.
 */
final class HandlerExecutors implements AutoCloseable {
  private final Executor regular;
  private final Executor blocking;
  private final List<ExecutorService> owned = new ArrayList<>();

  /**
   * @param taskExecutor the application's task executor, or null for none
   * @param blockingThreads the most threads of the blocking routes' pool, when one is made
   * @throws VirtualThreadsUnavailableException when virtual threads are asked for and missing
   */
  HandlerExecutors(HandlerExecution mode, Supplier<Executor> taskExecutor, int blockingThreads) {
    switch (mode) {
      case LOOP -> {
        this.regular = null;
        this.blocking =
            VirtualThreads.available()
                ? own(VirtualThreads.executor())
                : own(pool(blockingThreads, "tornado-blocking-"));
      }
      case VIRTUAL_THREADS -> {
        if (!VirtualThreads.available()) {
          throw new VirtualThreadsUnavailableException(Runtime.version());
        }
        this.regular = own(VirtualThreads.executor());
        this.blocking = regular;
      }
      default -> {
        this.regular = tasks(taskExecutor);
        this.blocking = regular;
      }
    }
  }

  /** The executor of {@code route}'s handler, or null to run it on the loop thread. */
  Executor executorFor(RouteTable.Entry route) {
    return route.blocking() ? blocking : regular;
  }

  private Executor tasks(Supplier<Executor> taskExecutor) {
    Executor given = taskExecutor.get();
    return given != null
        ? given
        : own(pool(Math.min(32, Process.cpuCount() + 4), "tornado-handler-"));
  }

  private Executor own(ExecutorService executor) {
    owned.add(executor);
    return executor;
  }

  /** Up to {@code threads} daemon threads, made as tasks come, each ending after 60 s idle. */
  private static ExecutorService pool(int threads, String prefix) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemons(prefix));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.getAndIncrement());
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    owned.forEach(ExecutorService::shutdown);
  }

  /**
   * Virtual threads through a method handle: the code is compiled for Java 17, where {@code
   * Executors.newVirtualThreadPerTaskExecutor} does not exist.
   */
  static final class VirtualThreads {
    private static final int FIRST_RELEASE = 21;

    private VirtualThreads() {}

    static boolean available() {
      return Runtime.version().feature() >= FIRST_RELEASE;
    }

    static ExecutorService executor() {
      try {
        MethodHandle factory =
            MethodHandles.publicLookup()
                .findStatic(
                    Executors.class,
                    HandlerExecutorsRuntimeHints.VIRTUAL_THREAD_FACTORY,
                    MethodType.methodType(ExecutorService.class));
        return (ExecutorService) factory.invoke();
      } catch (Throwable e) {
        throw new VirtualThreadsUnavailableException(Runtime.version(), e);
      }
    }
  }
}
