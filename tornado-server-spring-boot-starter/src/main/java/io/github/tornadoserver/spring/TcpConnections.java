package io.github.tornadoserver.spring;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.tcpserver.TCPServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The open connections of the auto-configured TCP server, so that shutdown can drain or close them
 * (a {@link TCPServer} hands streams out and forgets them).
 *
 * <p>One set per loop, touched only on that loop's thread. A stream leaves its set through its
 * close callback; a handler that sets its own close callback replaces ours, so closed streams are
 * also swept out whenever a set has doubled since the last sweep.
 */
final class TcpConnections {
  private static final Duration DRAIN_POLL = Duration.ofMillis(50);

  private final Map<IOLoop, PerLoop> loops = new ConcurrentHashMap<>();

  /** {@code handler}, with every stream it gets followed here first. */
  TCPServer.StreamHandler track(TCPServer.StreamHandler handler) {
    return (stream, address) -> {
      loops.computeIfAbsent(stream.ioLoop(), loop -> new PerLoop()).add(stream);
      return handler.handleStream(stream, address);
    };
  }

  /** Closes every open stream, each on its loop. Any thread. */
  void closeAll() {
    loops.forEach((loop, streams) -> loop.addCallback(streams::closeAll));
  }

  /**
   * Completes with true once every stream closed, or closes the rest and completes with false at
   * {@code timeout}. Any thread.
   */
  CompletableFuture<Boolean> drain(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<CompletableFuture<Void>> drained = new ArrayList<>();
    loops.forEach(
        (loop, streams) -> {
          CompletableFuture<Void> done = new CompletableFuture<>();
          if (!loop.addCallback(() -> streams.pollUntilEmpty(loop, done, deadline))) {
            done.complete(null);
          }
          drained.add(done);
        });
    return CompletableFuture.allOf(drained.toArray(new CompletableFuture<?>[0]))
        .thenApply(v -> true)
        .completeOnTimeout(false, timeout.toNanos(), TimeUnit.NANOSECONDS)
        .thenApply(
            clean -> {
              if (!clean) {
                closeAll();
              }
              return clean;
            });
  }

  /** The streams of one loop; loop thread only. */
  private static final class PerLoop {
    private final Set<IOStream> open = new HashSet<>();
    private int sweepAt = 64;

    void add(IOStream stream) {
      if (open.size() >= sweepAt) {
        open.removeIf(IOStream::closed);
        sweepAt = Math.max(64, open.size() * 2);
      }
      open.add(stream);
      stream.setCloseCallback(() -> open.remove(stream));
    }

    void closeAll() {
      List.copyOf(open).forEach(IOStream::close);
      open.clear();
    }

    void pollUntilEmpty(IOLoop loop, CompletableFuture<Void> done, long deadline) {
      open.removeIf(IOStream::closed);
      if (open.isEmpty() || System.nanoTime() - deadline >= 0) {
        done.complete(null);
      } else {
        loop.callLater(DRAIN_POLL, () -> pollUntilEmpty(loop, done, deadline));
      }
    }
  }
}
