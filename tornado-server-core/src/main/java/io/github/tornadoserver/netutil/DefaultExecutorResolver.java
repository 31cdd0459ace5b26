package io.github.tornadoserver.netutil;

import io.github.tornadoserver.ioloop.IOLoop;
import java.net.ProtocolFamily;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The default resolver, Tornado's {@code DefaultExecutorResolver}: looks names up with {@link
 * IOLoop#runInExecutor} on the calling loop's default executor, and completes on that loop's
 * thread.
 *
 * <p>Must be called on the thread of a running {@link IOLoop} (from a callback, a handler, or
 * {@link IOLoop#runSync}): elsewhere there is no loop whose executor it could use, and {@code
 * resolve} throws {@link IllegalStateException}; use {@link ThreadedResolver} or {@link
 * ExecutorResolver} off the loop. Owns nothing: {@link #close()} only marks it closed, and the
 * executor stays the loop's.
 */
public final class DefaultExecutorResolver implements Resolver {
  private final ResolverCore core;

  /** A resolver that reports to no listener. */
  public DefaultExecutorResolver() {
    this(ResolverListener.NONE);
  }

  /** A resolver that reports every lookup to {@code listener}. */
  public DefaultExecutorResolver(ResolverListener listener) {
    this.core = new ResolverCore("default", listener);
  }

  /**
   * @throws IllegalStateException when not called on a running loop's thread
   */
  @Override
  public CompletableFuture<List<ResolvedAddress>> resolve(
      String host, int port, ProtocolFamily family) {
    IOLoop loop = ResolverCore.runningLoopOfCaller();
    if (loop == null) {
      core.checkOpen();
      throw new IllegalStateException(
          "DefaultExecutorResolver.resolve called on thread '"
              + Thread.currentThread().getName()
              + "', which runs no IOLoop (expected: a running loop's thread; off a loop use"
              + " ThreadedResolver or ExecutorResolver)");
    }
    return core.resolve(host, port, family, lookup -> loop.runInExecutor(null, lookup));
  }

  /** {@code "default"}. */
  @Override
  public String type() {
    return core.type();
  }

  @Override
  public void close() {
    core.close();
  }

  @Override
  public String toString() {
    return "DefaultExecutorResolver";
  }
}
