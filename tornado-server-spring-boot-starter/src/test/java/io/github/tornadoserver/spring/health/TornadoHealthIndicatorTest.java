package io.github.tornadoserver.spring.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.httpserver.HTTPServer;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.spring.metrics.LoopMonitor;
import io.github.tornadoserver.testing.Loops;
import io.github.tornadoserver.testing.OnLoop;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class TornadoHealthIndicatorTest {
  private IOLoop loop;
  private LoopMonitor monitor;
  private HTTPServer server;
  private TornadoHealthIndicator indicator;

  @BeforeEach
  void start() {
    loop = IOLoop.startInNewThread("tornado-loop-0", true);
    monitor = new LoopMonitor(List.of(loop), Duration.ofMillis(10));
    monitor.start();
    server = HTTPServer.builder(r -> r.respond(200, new HTTPHeaders(), new byte[0])).build();
    indicator =
        new TornadoHealthIndicator(monitor, Duration.ofMillis(200))
            .watch("http", server::localAddresses);
  }

  @AfterEach
  void stop() {
    monitor.stop();
    server.stop();
    loop.addCallback(loop::stop);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> detail(Health health, String group, String name) {
    return (Map<String, Object>) ((Map<String, Object>) health.getDetails().get(group)).get(name);
  }

  @Test
  void isUpWithEachLoopAndAServerNotStartedYet() {
    Health health = indicator.health();
    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(detail(health, "loops", "tornado-loop-0"))
        .containsEntry("stuck", false)
        .containsKeys("lagMillis", "pendingCallbacks");
    assertThat(detail(health, "servers", "http"))
        .containsEntry("state", "not started")
        .containsEntry("addresses", List.of());
  }

  @Test
  void isDownWhileALoopIsBlockedAndUpAgainOnceItRuns() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    OnLoop.block(loop, release);
    try {
      OnLoop.await(() -> indicator.health().getStatus().equals(Status.DOWN), "DOWN");
      assertThat(detail(indicator.health(), "loops", "tornado-loop-0"))
          .containsEntry("stuck", true);
    } finally {
      release.countDown();
    }
    OnLoop.await(() -> indicator.health().getStatus().equals(Status.UP), "UP again");
  }

  @Test
  void isDownOnceAListeningServerStopped() {
    Loops.run(loop, () -> server.listen(0, "127.0.0.1"));
    int port = ((InetSocketAddress) server.localAddresses().get(0)).getPort();
    Health listening = indicator.health();
    assertThat(listening.getStatus()).isEqualTo(Status.UP);
    assertThat(detail(listening, "servers", "http"))
        .containsEntry("state", "listening")
        .containsEntry("addresses", List.of("127.0.0.1:" + port));

    server.stop().orTimeout(5, TimeUnit.SECONDS).join();
    Health stopped = indicator.health();
    assertThat(stopped.getStatus()).isEqualTo(Status.DOWN);
    assertThat(detail(stopped, "servers", "http")).containsEntry("state", "stopped");
  }

  @Test
  void neverWaitsForAStuckLoop() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    OnLoop.block(loop, release);
    try {
      long started = System.nanoTime();
      indicator.health();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    } finally {
      release.countDown();
    }
  }
}
