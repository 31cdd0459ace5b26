package io.github.tornadoserver.http1connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An idle {@link HTTP1ServerConnection} about to be closed, by its idle timeout or by {@code
 * closeWhenIdle}, while request bytes have arrived that the loop has not dispatched yet: the memory
 * transport holds bytes fed by the test until a later loop iteration, as a kernel holds them until
 * the selector looks, so the close meets them deterministically.
 */
class IdleCloseTest extends MemoryConnectionTestSupport {
  private static final String GET = "GET /late HTTP/1.1\r\nHost: x\r\n\r\n";
  private static final Duration IDLE = Duration.ofMillis(50);

  private static HTTP1ConnectionParameters idleTimeout() {
    return new HTTP1ConnectionParameters(false, 1024, 1024, IDLE, 1024, null, false, 0);
  }

  /**
   * Connects, then arranges that {@code bytes} arrive in the same loop iteration as the idle timer
   * fires and just before it: a timer due no later than the connection's head deadline feeds them,
   * and the loop is held until that deadline has passed, so both timers are taken in one batch.
   */
  private MemoryConnection connectAndFeedAtTheDeadline(String bytes) {
    long before = loop.time();
    MemoryConnection connection = connect(WHOLE, idleTimeout());
    long after = loop.time();
    loop.callAt(before + IDLE.toNanos() - 1, () -> connection.send(bytes));
    loop.addCallback(() -> holdLoopUntil(after + IDLE.toNanos()));
    return connection;
  }

  private void holdLoopUntil(long loopTime) {
    CountDownLatch never = new CountDownLatch(1);
    long left;
    try {
      while ((left = loopTime - loop.time()) >= 0) {
        never.await(left + 1, TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aRequestArrivedUnseenWhenTheIdleTimeoutFiresIsServed() {
    MemoryConnection connection = connectAndFeedAtTheDeadline(GET);
    assertThat(connection.untilWritten("HTTP/1.1 200", 1)).contains("GET /late ");
    assertThat(connection.server.whenClosed()).isNotDone();
    assertThat(connection.rejections).isEmpty();
  }

  @Test
  void anIdleConnectionWithNothingReceivedClosesAtTheTimeout() {
    MemoryConnection connection = connect(WHOLE, idleTimeout());
    assertThat(connection.untilClosed()).isEmpty();
    assertThat(connection.rejections).containsExactly("header_timeout");
  }

  @Test
  void aHeadBegunAtTheTimeoutGetsOneMoreTimeoutAndIsServedWhenItCompletes() {
    MemoryConnection connection = connectAndFeedAtTheDeadline("GET /late HTTP/1.1\r\n");
    connection.runUntil(() -> connection.pair.peer().unread() == 0);
    assertThat(connection.server.whenClosed()).isNotDone();
    connection.send("Host: x\r\n\r\n");
    assertThat(connection.untilWritten("HTTP/1.1 200", 1)).contains("GET /late ");
    assertThat(connection.rejections).isEmpty();
  }

  @Test
  void aHeadBegunAtTheTimeoutThatStaysIncompleteClosesAfterOneMoreTimeout() {
    long start = loop.time();
    MemoryConnection connection = connectAndFeedAtTheDeadline("GET /late HTTP/1.1\r\n");
    assertThat(connection.untilClosed()).isEmpty();
    assertThat(loop.time() - start).isGreaterThanOrEqualTo(2 * IDLE.toNanos());
    assertThat(connection.rejections).containsExactly("header_timeout");
  }

  /**
   * Pipelined heads already buffered when their request begins set no deadline of their own; the
   * wait after the last of them does, counted from then: not from the first wait, which they ended.
   */
  @Test
  void afterPipelinedRequestsTheIdleTimeoutCountsFromTheLastResponse() {
    long start = loop.time();
    MemoryConnection connection = connect(WHOLE, idleTimeout());
    long[] sentAt = new long[1];
    loop.callAt(
        start + IDLE.toNanos() / 2,
        () -> {
          sentAt[0] = loop.time();
          connection.send(GET + GET + GET);
        });

    assertThat(connection.untilWritten("HTTP/1.1 200", 3)).endsWith("GET /late ");
    assertThat(connection.untilClosed()).doesNotContain("Connection: close");
    assertThat(loop.time() - sentAt[0]).isGreaterThanOrEqualTo(IDLE.toNanos());
    assertThat(connection.rejections).containsExactly("header_timeout");
  }

  @Test
  void closeWhenIdleServesARequestArrivedUnseenWithConnectionCloseThenCloses() {
    MemoryConnection connection = connect(WHOLE);
    connection.untilIdle();
    loop.addCallback(
        () -> {
          connection.send(GET);
          connection.server.closeWhenIdle();
        });
    String written = connection.untilClosed();
    assertThat(written).startsWith("HTTP/1.1 200").contains("Connection: close\r\n");
    assertThat(written).endsWith("GET /late ");
  }

  @Test
  void closeWhenIdleWaitsForAHeadBegunThenAnswersItWithConnectionClose() {
    MemoryConnection connection = connect(WHOLE);
    connection.untilIdle();
    loop.addCallback(
        () -> {
          connection.send("GET /late HTTP/1.1\r\n");
          connection.server.closeWhenIdle();
        });
    connection.runUntil(() -> connection.pair.peer().unread() == 0);
    assertThat(connection.server.whenClosed()).isNotDone();
    connection.send("Host: x\r\n\r\n");
    String written = connection.untilClosed();
    assertThat(written).contains("Connection: close\r\n").endsWith("GET /late ");
  }

  @Test
  void closeWhenIdleWithNothingReceivedClosesAtOnce() {
    MemoryConnection connection = connect(WHOLE);
    connection.untilIdle();
    loop.addCallback(connection.server::closeWhenIdle);
    assertThat(connection.untilClosed()).isEmpty();
    assertThat(connection.pair.peer().closedByStream()).isTrue();
  }
}
