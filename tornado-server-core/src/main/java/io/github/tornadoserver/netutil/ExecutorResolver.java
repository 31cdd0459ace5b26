package io.github.tornadoserver.netutil;

import java.net.ProtocolFamily;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * Tornado's {@code ExecutorResolver}: looks names up on an executor the application gives, for full
 * control over the threads that block in the name service.
 *
 * <p>Called on a running loop's thread, the future completes on that loop's thread; otherwise on
 * the executor's thread. A task the executor refuses fails the future with an {@link
 * UnresolvedHostException} (reported as {@link LookupResult#ERROR}).
 *
 * <p>{@link #close()} shuts the executor down ({@link ExecutorService#shutdown()}: lookups already
 * queued still finish) when the resolver was told to, and leaves it alone otherwise.
 */
public final class ExecutorResolver implements Resolver {
  private final ResolverCore core;
  private final Executor executor;
  private final boolean closeExecutor;

  /**
   * A resolver on {@code executor} that reports to no listener.
   *
   * @param closeExecutor whether {@link #close()} shuts {@code executor} down (Tornado's {@code
   *     close_executor}); then it must be an {@link ExecutorService}
   */
  public ExecutorResolver(Executor executor, boolean closeExecutor) {
    this(executor, closeExecutor, ResolverListener.NONE);
  }

  /**
   * A resolver on {@code executor} that reports every lookup to {@code listener}.
   *
   * @param closeExecutor whether {@link #close()} shuts {@code executor} down; then it must be an
   *     {@link ExecutorService}
   * @throws IllegalArgumentException if {@code closeExecutor} is true and {@code executor} is no
   *     {@link ExecutorService}
   */
  public ExecutorResolver(Executor executor, boolean closeExecutor, ResolverListener listener) {
    this(executor, closeExecutor, new ResolverCore("executor", listener));
  }

  ExecutorResolver(Executor executor, boolean closeExecutor, ResolverCore core) {
    this.executor = Objects.requireNonNull(executor, "executor");
    if (closeExecutor && !(executor instanceof ExecutorService)) {
      throw new IllegalArgumentException(
          "closeExecutor: true with " + executor + " (expected: an ExecutorService to shut down)");
    }
    this.closeExecutor = closeExecutor;
    this.core = core;
  }

  @Override
  public CompletableFuture<List<ResolvedAddress>> resolve(
      String host, int port, ProtocolFamily family) {
    return core.resolve(host, port, family, lookup -> ResolverCore.offload(executor, lookup));
  }

  /** {@code "executor"}. */
  @Override
  public String type() {
    return core.type();
  }

  @Override
  public void close() {
    if (core.close() && closeExecutor) {
      ((ExecutorService) executor).shutdown();
    }
  }

  @Override
  public String toString() {
    return "ExecutorResolver[" + executor + "]";
  }
}
