package io.github.tornadoserver.spring.http;

import static io.github.tornadoserver.testing.TornadoContexts.httpPort;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.OnLoop;
import io.github.tornadoserver.testing.RawHttp;
import io.github.tornadoserver.testing.TornadoContexts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class HandlerExecutorsTest {
  private static final boolean VIRTUAL_THREADS = Runtime.version().feature() >= 21;

  private final ApplicationContextRunner runner =
      TornadoContexts.runner().withUserConfiguration(ThreadNames.class);

  @Test
  void runsHandlersOnTheLoopByDefault() {
    runner.run(
        context ->
            assertThat(RawHttp.get(httpPort(context), "/thread").text())
                .startsWith("tornado-loop-0"));
  }

  @Test
  void runsABlockingRouteOffTheLoop() {
    runner.run(
        context -> {
          String thread = RawHttp.get(httpPort(context), "/blocking-thread").text();
          assertThat(thread).doesNotContain("tornado-loop-");
          if (VIRTUAL_THREADS) {
            assertThat(thread).contains("VirtualThread");
          } else {
            assertThat(thread).contains("tornado-blocking-");
          }
        });
  }

  @Test
  void aBlockedHandlerDoesNotStallTheLoop() {
    runner
        .withPropertyValues("tornado.http.processes=1")
        .run(
            context -> {
              ThreadNames names = context.getBean(ThreadNames.class);
              try (RawHttp blocked = new RawHttp(httpPort(context))) {
                blocked.send("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n");
                names.waiting.get(5, TimeUnit.SECONDS);
                assertThat(RawHttp.get(httpPort(context), "/thread").status()).isEqualTo(200);
                names.release.countDown();
                assertThat(blocked.read(false).text()).isEqualTo("released");
              }
            });
  }

  @Test
  void runsTwentyBlockingRequestsAtOnceBesideAnEightThreadTaskExecutor() {
    runner
        .withUserConfiguration(Concurrency.class, TaskExecutor.class)
        .run(
            context -> {
              Concurrency concurrency = context.getBean(Concurrency.class);
              List<RawHttp> clients = send(context, 20);
              try {
                assertThat(concurrency.inside.await(5, TimeUnit.SECONDS))
                    .as("all 20 handlers running at once")
                    .isTrue();
                concurrency.release.countDown();
                for (RawHttp client : clients) {
                  assertThat(client.read(false).text()).isEqualTo("ok");
                }
              } finally {
                closeAll(clients);
              }
            });
  }

  @Test
  void blockingThreadsBoundsBlockingRoutesWhereTheyRunOnItsPool() {
    // Java 17-20: the pool of blocking-threads; with virtual threads the property does not apply.
    int atOnce = VIRTUAL_THREADS ? 5 : 3;
    runner
        .withUserConfiguration(Concurrency.class)
        .withPropertyValues("tornado.http.blocking-threads=3")
        .run(
            context -> {
              Concurrency concurrency = context.getBean(Concurrency.class);
              List<RawHttp> clients = send(context, 5);
              try {
                OnLoop.await(
                    () -> concurrency.running.get() == atOnce, atOnce + " handlers running");
                concurrency.release.countDown();
                for (RawHttp client : clients) {
                  assertThat(client.read(false).text()).isEqualTo("ok");
                }
                assertThat(concurrency.most.get()).isEqualTo(atOnce);
              } finally {
                closeAll(clients);
              }
            });
  }

  private static List<RawHttp> send(ApplicationContext context, int count) throws IOException {
    List<RawHttp> clients = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      RawHttp client = new RawHttp(httpPort(context));
      clients.add(client);
      client.send("GET /concurrent HTTP/1.1\r\nHost: x\r\n\r\n");
    }
    return clients;
  }

  private static void closeAll(List<RawHttp> clients) throws IOException {
    for (RawHttp client : clients) {
      client.close();
    }
  }

  @Test
  void runsEveryHandlerOnTheApplicationTaskExecutorWhenAskedTo() {
    runner
        .withUserConfiguration(TaskExecutor.class)
        .withPropertyValues("tornado.http.handler-execution=executor")
        .run(
            context -> {
              assertThat(RawHttp.get(httpPort(context), "/thread").text()).startsWith("app-task");
              assertThat(RawHttp.get(httpPort(context), "/blocking-thread").text())
                  .startsWith("app-task");
            });
  }

  @Test
  void runsOnItsOwnPoolWithoutAnApplicationTaskExecutor() {
    runner
        .withPropertyValues("tornado.http.handler-execution=executor")
        .run(
            context ->
                assertThat(RawHttp.get(httpPort(context), "/thread").text())
                    .startsWith("tornado-handler-"));
  }

  @Test
  void runsEveryHandlerOnAVirtualThreadWhenAskedToOrFailsStartUpClearly() {
    if (!VIRTUAL_THREADS) {
      LogCapture.expect(
          "org.springframework.context.annotation.AnnotationConfigApplicationContext",
          Level.WARN,
          "cancelling refresh attempt");
    }
    runner
        .withPropertyValues("tornado.http.handler-execution=virtual-threads")
        .run(
            context -> {
              if (VIRTUAL_THREADS) {
                assertThat(RawHttp.get(httpPort(context), "/thread").text())
                    .contains("VirtualThread");
                return;
              }
              assertThat(context)
                  .getFailure()
                  .rootCause()
                  .isInstanceOf(VirtualThreadsUnavailableException.class)
                  .hasMessageStartingWith(
                      "tornado.http.handler-execution=virtual-threads needs Java 21 or newer");
              FailureAnalysis analysis =
                  new VirtualThreadsUnavailableFailureAnalyzer()
                      .analyze(context.getStartupFailure());
              assertThat(analysis.getAction()).contains("Run on Java 21 or newer");
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class ThreadNames {
    final CompletableFuture<Void> waiting = new CompletableFuture<>();
    final CountDownLatch release = new CountDownLatch(1);

    @Bean
    @Route("/thread")
    RequestHandler thread() {
      return exchange -> exchange.respond(200, "text/plain", name() + " " + Thread.currentThread());
    }

    @Bean
    @Route(path = "/blocking-thread", blocking = true)
    RequestHandler blockingThread() {
      return exchange -> exchange.respond(200, "text/plain", name() + " " + Thread.currentThread());
    }

    @Bean
    @Route(path = "/wait", blocking = true)
    RequestHandler waitForRelease() {
      return exchange -> {
        waiting.complete(null);
        if (release.await(10, TimeUnit.SECONDS)) {
          exchange.respond(200, "text/plain", "released").join();
        }
      };
    }

    private static String name() {
      return Thread.currentThread().getName();
    }
  }

  /** A blocking route that counts how many of its handlers run at once. */
  @Configuration(proxyBeanMethods = false)
  static class Concurrency {
    final CountDownLatch inside = new CountDownLatch(20);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger most = new AtomicInteger();

    @Bean
    @Route(path = "/concurrent", blocking = true)
    RequestHandler concurrent() {
      return exchange -> {
        most.accumulateAndGet(running.incrementAndGet(), Math::max);
        inside.countDown();
        try {
          if (release.await(10, TimeUnit.SECONDS)) {
            running.decrementAndGet();
            exchange.respond(200, "text/plain", "ok").join();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class TaskExecutor {
    @Bean(destroyMethod = "shutdown")
    ExecutorService applicationTaskExecutor() {
      return Executors.newFixedThreadPool(8, task -> new Thread(task, "app-task"));
    }
  }
}
