package io.github.tornadoserver.spring.http;

import static io.github.tornadoserver.testing.TornadoContexts.httpPort;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.iostream.StreamClosedException;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.RawHttp;
import io.github.tornadoserver.testing.TornadoContexts;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A client that resets its connection while its request is being handled, in each handler style:
 * blocking ({@code respond(...).join()} after the client left), late (answered from elsewhere after
 * the handler returned) and streamed. Each is counted once and logged at DEBUG at most; the strict
 * harness fails any of these tests on a WARN or ERROR line.
 */
class ClientDisconnectTest {
  private final ApplicationContextRunner runner =
      TornadoContexts.runner().withUserConfiguration(Handlers.class);

  @Test
  void aClientThatLeavesDuringABlockingHandlerIsCountedNotLogged() {
    runner.run(
        context -> {
          Handlers handlers = context.getBean(Handlers.class);
          try (RawHttp http = new RawHttp(httpPort(context))) {
            http.send("GET /blocking HTTP/1.1\r\nHost: x\r\n\r\n");
            handlers.blockingEntered.get(5, TimeUnit.SECONDS);
            http.reset();
          }
          assertThat(handlers.left.get(5, TimeUnit.SECONDS)).isEqualTo("/blocking");
          Throwable thrown = handlers.blockingThrew.get(5, TimeUnit.SECONDS);
          assertThat(thrown).hasCauseInstanceOf(StreamClosedException.class);
          assertQuiet();
        });
  }

  @Test
  void aClientThatLeavesBeforeALateAnswerIsCountedAndTheAnswerFailsQuietly() {
    runner.run(
        context -> {
          Handlers handlers = context.getBean(Handlers.class);
          try (RawHttp http = new RawHttp(httpPort(context))) {
            http.send("GET /late HTTP/1.1\r\nHost: x\r\n\r\n");
            Exchange exchange = handlers.late.get(5, TimeUnit.SECONDS);
            http.reset();
            assertThat(handlers.left.get(5, TimeUnit.SECONDS)).isEqualTo("/late");
            CompletableFuture<Void> answer =
                CompletableFuture.supplyAsync(() -> exchange.respond(200, "text/plain", "late"))
                    .thenCompose(f -> f);
            assertThat(answer)
                .failsWithin(5, TimeUnit.SECONDS)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(StreamClosedException.class);
          }
          assertQuiet();
        });
  }

  @Test
  void aClientThatLeavesDuringAStreamedResponseIsCountedNotLogged() {
    runner.run(
        context -> {
          Handlers handlers = context.getBean(Handlers.class);
          try (RawHttp http = new RawHttp(httpPort(context))) {
            http.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(http.readLine()).isEqualTo("HTTP/1.1 200 OK");
            http.reset();
          }
          assertThat(handlers.left.get(5, TimeUnit.SECONDS)).isEqualTo("/stream");
          assertThat(handlers.streamEnded.get(5, TimeUnit.SECONDS))
              .hasCauseInstanceOf(StreamClosedException.class);
          assertQuiet();
        });
  }

  @Test
  void aClientThatLeavesWhileItsBodyIsReadIsCounted() {
    runner.run(
        context -> {
          Handlers handlers = context.getBean(Handlers.class);
          try (RawHttp http = new RawHttp(httpPort(context))) {
            http.send("POST /blocking HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
            http.reset();
          }
          assertThat(handlers.left.get(5, TimeUnit.SECONDS)).isEqualTo("/blocking");
          assertThat(handlers.blockingEntered).isNotDone();
          assertQuiet();
        });
  }

  @Test
  void aClosedStreamOfTheHandlersOwnIsAHandlerErrorWhileTheClientStays() {
    LogCapture.expect(
        "tornado.application", Level.ERROR, "Uncaught exception in handler of /backend");
    runner.run(
        context -> {
          assertThat(RawHttp.get(httpPort(context), "/backend").status()).isEqualTo(500);
          assertThat(context.getBean(Handlers.class).disconnects).isEmpty();
        });
  }

  /** Nothing about the request above DEBUG: no WARN or ERROR at all, no handler log line. */
  private static void assertQuiet() {
    List<ILoggingEvent> loud =
        LogCapture.events().stream()
            .filter(
                e ->
                    e.getLevel().isGreaterOrEqual(Level.WARN)
                        || (e.getLoggerName().equals("tornado.application")
                            && e.getLevel().isGreaterOrEqual(Level.INFO)))
            .toList();
    assertThat(loud).isEmpty();
    assertThat(LogCapture.messages("tornado.general", Level.DEBUG))
        .anyMatch(m -> m.startsWith("Client left"));
  }

  @Configuration(proxyBeanMethods = false)
  static class Handlers {
    final CompletableFuture<Void> blockingEntered = new CompletableFuture<>();
    final CompletableFuture<Throwable> blockingThrew = new CompletableFuture<>();
    final CompletableFuture<Exchange> late = new CompletableFuture<>();
    final CompletableFuture<Throwable> streamEnded = new CompletableFuture<>();
    final CompletableFuture<String> left = new CompletableFuture<>();
    final List<String> disconnects = new CopyOnWriteArrayList<>();

    @Bean
    DisconnectListener countingDisconnects() {
      return route -> {
        disconnects.add(String.valueOf(route));
        if (!left.complete(route)) {
          left.obtrudeException(new AssertionError("counted twice: " + disconnects));
        }
      };
    }

    /** Waits for the client to leave, then answers as the README shows, joining the write. */
    @Bean
    @Route(path = "/blocking", blocking = true)
    RequestHandler blocking() {
      return exchange -> {
        blockingEntered.complete(null);
        exchange.request().connection().whenClosed().toCompletableFuture().join();
        try {
          exchange.respond(200, "text/plain", "ok").join();
        } catch (RuntimeException e) {
          blockingThrew.complete(e);
          throw e;
        }
      };
    }

    /** A backend connection of the handler's own closed: not the client leaving. */
    @Bean
    @Route("/backend")
    RequestHandler backend() {
      return exchange -> {
        throw new CompletionException(new StreamClosedException(null));
      };
    }

    @Bean
    @Route("/late")
    RequestHandler late() {
      return late::complete;
    }

    /** Writes chunks, each after the last reached the kernel, until the client is gone. */
    @Bean
    @Route(path = "/stream", blocking = true)
    RequestHandler stream() {
      return exchange -> {
        byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
        exchange.writeHeaders(200, new HTTPHeaders()).join();
        try {
          while (true) {
            exchange.write(chunk).join();
          }
        } catch (RuntimeException e) {
          streamEnded.complete(e);
          throw e;
        }
      };
    }
  }
}
