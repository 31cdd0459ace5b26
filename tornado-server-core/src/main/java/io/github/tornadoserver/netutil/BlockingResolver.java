package io.github.tornadoserver.netutil;

import java.net.ProtocolFamily;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Tornado's {@code BlockingResolver}: looks names up on the calling thread. Called on a loop, it
 * <strong>blocks the loop</strong> for as long as the name service takes (seconds, when a DNS
 * server does not answer), so every connection of that loop waits. Use it only where lookups are
 * known to be local and fast ({@code /etc/hosts}) or when no loop is involved; prefer {@link
 * DefaultExecutorResolver}.
 *
 * <p>The future is complete when {@code resolve} returns, so continuations attached to it run at
 * once on the calling thread (Tornado runs them in the next loop iteration). Owns nothing; {@link
 * #close()} only marks it closed.
 */
public final class BlockingResolver implements Resolver {
  private final ResolverCore core;

  /** A blocking resolver that reports to no listener. */
  public BlockingResolver() {
    this(ResolverListener.NONE);
  }

  /** A blocking resolver that reports every lookup to {@code listener}. */
  public BlockingResolver(ResolverListener listener) {
    this.core = new ResolverCore("blocking", listener);
  }

  @Override
  public CompletableFuture<List<ResolvedAddress>> resolve(
      String host, int port, ProtocolFamily family) {
    return core.resolve(host, port, family, ResolverCore::inline);
  }

  /** {@code "blocking"}. */
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
    return "BlockingResolver";
  }
}
