package io.github.tornadoserver.ioloop;

/**
 * The handle of a scheduled callback, returned by {@link IOLoop#callLater}, {@link IOLoop#callAt}
 * and {@link IOLoop#addTimeout}; pass it to {@link IOLoop#removeTimeout} to cancel. Timeouts due at
 * the same instant run in the order they were added.
 */
public final class Timeout implements Comparable<Timeout> {
  private final long deadline;
  private final long sequence;
  private Runnable callback;
  private boolean cancelled;

  Timeout(long deadline, long sequence, Runnable callback) {
    this.deadline = deadline;
    this.sequence = sequence;
    this.callback = callback;
  }

  /** The absolute deadline, on {@link IOLoop#time()}'s scale. */
  public long deadline() {
    return deadline;
  }

  /** Whether the timeout is still waiting to run. */
  public boolean isPending() {
    return callback != null;
  }

  boolean isCancelled() {
    return cancelled;
  }

  /** Marks the timeout cancelled; false when it had already run or been cancelled. */
  boolean cancel() {
    if (callback == null) {
      return false;
    }
    callback = null;
    cancelled = true;
    return true;
  }

  /** Hands out the callback to run, once. */
  Runnable fire() {
    Runnable toRun = callback;
    callback = null;
    return toRun;
  }

  @Override
  public int compareTo(Timeout other) {
    int byDeadline = Long.compare(deadline - other.deadline, 0);
    return byDeadline != 0 ? byDeadline : Long.compare(sequence, other.sequence);
  }
}
