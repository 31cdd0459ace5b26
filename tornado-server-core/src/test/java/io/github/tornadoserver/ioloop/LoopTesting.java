package io.github.tornadoserver.ioloop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/** Helpers shared by the ioloop tests. */
final class LoopTesting {
  /** The bound on every wait in these tests. */
  static final Duration BOUND = Duration.ofSeconds(5);

  private LoopTesting() {}

  /** Runs {@code task} on a new thread of the given name and returns its result (bounded). */
  static <T> T onNewThread(String name, Callable<T> task) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                result.complete(task.call());
              } catch (Throwable t) {
                result.completeExceptionally(t);
              }
            },
            name);
    thread.start();
    try {
      return result.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      thread.join(BOUND.toMillis());
    }
  }

  /**
   * Runs {@code loop} on the calling thread until something stops it, bounded by a safety timer
   * that fails the test if it has to stop the loop.
   */
  static void startBounded(IOLoop loop) {
    AtomicBoolean expired = new AtomicBoolean();
    Timeout safety =
        loop.callLater(
            BOUND,
            () -> {
              expired.set(true);
              loop.stop();
            });
    loop.start();
    loop.removeTimeout(safety);
    assertThat(expired).as("the loop was stopped by the safety timer").isFalse();
  }

  /** Keeps the calling thread (a loop callback) busy for {@code duration}, to simulate work. */
  static void occupy(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    long left;
    while ((left = end - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  /** A connected pair of blocking loopback sockets; close both. */
  static SocketChannel[] socketPair() throws IOException {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      SocketChannel client = SocketChannel.open(server.getLocalAddress());
      try {
        return new SocketChannel[] {client, server.accept()};
      } catch (IOException | RuntimeException e) {
        client.close();
        throw e;
      }
    }
  }
}
