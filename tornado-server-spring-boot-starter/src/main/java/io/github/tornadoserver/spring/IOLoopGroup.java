package io.github.tornadoserver.spring;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.process.LoopGroup;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loops that serve the auto-configured servers: {@code n} {@link IOLoop}s, each on its own
 * thread named {@code tornado-loop-<taskId>}. A server configured with {@code processes = k}
 * accepts on the first {@code k} loops ({@code server.start(group().first(k))}); every connection
 * then stays on the loop that accepted it.
 *
 * <p>Lifecycle: the loops run from construction until {@link #close()}, which Spring calls when the
 * context closes, after the servers stopped. {@link #loops()} is safe from any thread and never
 * changes; to run code on a loop, use {@link IOLoop#addCallback}.
 */
public final class IOLoopGroup implements AutoCloseable {
  private static final Logger GEN_LOG = LoggerFactory.getLogger("tornado.general");
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final LoopGroup group;

  /** Starts {@code size} loops ({@code size <= 0}: one per processor) and returns once all run. */
  public IOLoopGroup(int size) {
    this.group = LoopGroup.start(size, "tornado-loop-");
  }

  /** The core group of these loops, to start a server on ({@code server.start(group())}). */
  public LoopGroup group() {
    return group;
  }

  /** The loops, in task-id order. */
  public List<IOLoop> loops() {
    return group.loops();
  }

  /** The number of loops. */
  public int size() {
    return group.size();
  }

  /**
   * Stops every loop and waits up to 10 seconds for their threads to end. Connections still open
   * are abandoned with their loop: stop the servers first.
   */
  @Override
  public void close() {
    if (!group.shutdown(CLOSE_TIMEOUT)) {
      GEN_LOG.warn("loop threads still running {} after they were asked to stop", CLOSE_TIMEOUT);
    }
  }
}
