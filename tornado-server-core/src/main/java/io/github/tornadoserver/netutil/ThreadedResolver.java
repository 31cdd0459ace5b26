package io.github.tornadoserver.netutil;

import java.net.ProtocolFamily;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Tornado's {@code ThreadedResolver}: looks names up on a thread pool that <strong>every instance
 * in the JVM shares</strong>. The first instance created sizes the pool; the {@code numThreads} of
 * later instances is ignored, as in Tornado since 3.1. The pool's daemon threads are named {@code
 * tornado-resolver-<n>-<m>}, end after a minute without work, and are never shut down: {@link
 * #close()} leaves the shared pool alone. For a pool of its own, use {@link ExecutorResolver}.
 *
 * <p>Called on a running loop's thread, the future completes on that loop's thread; otherwise on a
 * pool thread.
 */
public final class ThreadedResolver implements Resolver {
  /** Tornado's default pool size. */
  public static final int DEFAULT_THREADS = 10;

  private static ExecutorService sharedPool;

  private final ExecutorResolver delegate;

  /** A resolver on the shared pool (of {@link #DEFAULT_THREADS} threads if it is the first). */
  public ThreadedResolver() {
    this(DEFAULT_THREADS);
  }

  /**
   * A resolver on the shared pool, which gets {@code numThreads} threads if this is the first
   * instance.
   *
   * @throws IllegalArgumentException if {@code numThreads} is not positive
   */
  public ThreadedResolver(int numThreads) {
    this(numThreads, ResolverListener.NONE);
  }

  /** As {@link #ThreadedResolver(int)}, reporting every lookup to {@code listener}. */
  public ThreadedResolver(int numThreads, ResolverListener listener) {
    ResolverCore.checkThreads(numThreads);
    this.delegate =
        new ExecutorResolver(sharedPool(numThreads), false, new ResolverCore("threaded", listener));
  }

  private static synchronized ExecutorService sharedPool(int numThreads) {
    if (sharedPool == null) {
      sharedPool = ResolverCore.newPool("tornado-resolver", numThreads);
    }
    return sharedPool;
  }

  /** The number of threads of the shared pool: the {@code numThreads} of the first instance. */
  public int threads() {
    return ((ThreadPoolExecutor) sharedPool(DEFAULT_THREADS)).getMaximumPoolSize();
  }

  /** The shared pool, for tests. */
  static synchronized ExecutorService pool() {
    return sharedPool;
  }

  @Override
  public CompletableFuture<List<ResolvedAddress>> resolve(
      String host, int port, ProtocolFamily family) {
    return delegate.resolve(host, port, family);
  }

  /** {@code "threaded"}. */
  @Override
  public String type() {
    return delegate.type();
  }

  /** Marks this resolver closed; the shared pool stays. */
  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "ThreadedResolver[" + threads() + " shared threads]";
  }
}
