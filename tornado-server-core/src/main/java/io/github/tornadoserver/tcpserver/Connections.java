package io.github.tornadoserver.tcpserver;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open connections of one server, across all its loops, and their drain.
 *
 * <p>A connection enters when it is accepted and leaves on its stream's close event. A drain
 * completes when accepting has stopped and the set is empty, checked at both moments: whichever of
 * the two comes last completes it, so nothing polls. Thread-safe: connections of several loops
 * enter and leave at once.
 */
final class Connections {
  private static final Logger GEN_LOG = LoggerFactory.getLogger("tornado.general");

  private final Set<ConnectionObserver> open = ConcurrentHashMap.newKeySet();
  private volatile Drain drain;

  /** One drain: completes once accepting stopped and the last connection closed. */
  private static final class Drain {
    final CompletableFuture<Void> idle = new CompletableFuture<>();
    volatile boolean acceptStopped;
  }

  void add(ConnectionObserver connection) {
    open.add(connection);
  }

  void remove(ConnectionObserver connection) {
    open.remove(connection);
    Drain current = drain;
    if (current != null) {
      completeIfIdle(current);
    }
  }

  int count() {
    return open.size();
  }

  /** Closes every open connection, each on its loop. */
  void closeAll() {
    for (ConnectionObserver connection : List.copyOf(open)) {
      connection.closeOnLoop();
    }
  }

  /** A fresh start: a later drain waits for the connections of this run. */
  void reset() {
    drain = null;
  }

  /**
   * Completes with true once {@code acceptStopped} completed and no connection is open, or closes
   * what is left and completes with false at {@code timeout}. Calls made while a drain runs share
   * its wait, each with its own deadline.
   */
  CompletableFuture<Boolean> drain(CompletableFuture<Void> acceptStopped, Duration timeout) {
    Drain current = startDrain();
    acceptStopped.whenComplete(
        (v, e) -> {
          current.acceptStopped = true;
          completeIfIdle(current);
        });
    return current
        .idle
        .thenApply(v -> true)
        .completeOnTimeout(false, timeout.toNanos(), TimeUnit.NANOSECONDS)
        .thenApply(clean -> clean || cutAtDeadline(timeout));
  }

  private synchronized Drain startDrain() {
    Drain current = drain;
    if (current == null) {
      current = new Drain();
      drain = current;
    }
    return current;
  }

  private boolean cutAtDeadline(Duration timeout) {
    GEN_LOG.info("drain deadline of {} reached; closing {} connections", timeout, open.size());
    closeAll();
    return false;
  }

  // A close event and the end of accepting may race: each records its own fact before reading the
  // other's, so at least one of them sees both.
  private void completeIfIdle(Drain current) {
    if (current.acceptStopped && open.isEmpty()) {
      current.idle.complete(null);
    }
  }
}
