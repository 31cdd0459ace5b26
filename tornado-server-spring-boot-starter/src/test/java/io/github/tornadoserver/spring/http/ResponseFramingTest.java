package io.github.tornadoserver.spring.http;

import static io.github.tornadoserver.testing.TornadoContexts.httpPort;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPOutputException;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.RawHttp;
import io.github.tornadoserver.testing.TornadoContexts;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A handler whose body breaks its own {@code Content-Length}, more bytes or fewer, streamed or in
 * one answer: the response is cut where the length was broken, the mistake is logged once on {@code
 * tornado.application} with the route and the numbers, it is not counted as a client that left, and
 * the server serves on.
 */
class ResponseFramingTest {
  private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

  private final ApplicationContextRunner runner =
      TornadoContexts.runner().withUserConfiguration(Handlers.class);

  @Test
  void aBodyThatBreaksItsContentLengthIsCutAndLoggedOnce() {
    LogCapture.expect("tornado.application", Level.ERROR, "cut short");
    runner.run(
        context -> {
          int port = httpPort(context);
          assertCut(port, "/more", 3, "");
          assertCut(port, "/less", 30, "hello");
          assertCut(port, "/respond-more", 3, "");
          assertCut(port, "/respond-less", 30, "hello");
          assertCut(port, "/more-joined", 3, "");
          Handlers handlers = context.getBean(Handlers.class);
          assertThat(handlers.joinedWith.get(5, TimeUnit.SECONDS))
              .hasCauseInstanceOf(HTTPOutputException.class);
          assertThat(LogCapture.messages("tornado.application", Level.ERROR))
              .containsExactly(
                  "Response of /more to GET /more HTTP/1.1 (127.0.0.1) cut short: "
                      + "Tried to write more data than Content-Length (5 > 3)",
                  "Response of /less to GET /less HTTP/1.1 (127.0.0.1) cut short: "
                      + "Tried to write 25 bytes less than Content-Length (30)",
                  "Response of /respond-more to GET /respond-more HTTP/1.1 (127.0.0.1) cut short: "
                      + "Tried to write more data than Content-Length (5 > 3)",
                  "Response of /respond-less to GET /respond-less HTTP/1.1 (127.0.0.1) cut short: "
                      + "Tried to write 25 bytes less than Content-Length (30)",
                  "Response of /more-joined to GET /more-joined HTTP/1.1 (127.0.0.1) cut short: "
                      + "Tried to write more data than Content-Length (5 > 3)");
          assertThat(handlers.disconnects).isEmpty();
        });
  }

  /**
   * The head as written, the body's bytes up to where it broke, then the close; and, on the
   * server's one loop, a next request answered after what the broken one logged.
   */
  private static void assertCut(int port, String path, int length, String body) throws Exception {
    try (RawHttp http = new RawHttp(port)) {
      http.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response response = http.read(false);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("Content-Length")).isEqualTo(String.valueOf(length));
      assertThat(response.text()).isEqualTo(body);
      assertThat(http.closedByServer()).isTrue();
    }
    assertThat(RawHttp.get(port, "/ok").text()).isEqualTo("ok");
  }

  @Configuration(proxyBeanMethods = false)
  static class Handlers {
    final List<String> disconnects = new CopyOnWriteArrayList<>();
    final CompletableFuture<Throwable> joinedWith = new CompletableFuture<>();

    @Bean
    DisconnectListener countingDisconnects() {
      return route -> disconnects.add(String.valueOf(route));
    }

    @Bean
    @Route("/ok")
    RequestHandler ok() {
      return exchange -> exchange.respond(200, "text/plain", "ok");
    }

    /** Streams past the length it declared, ignoring the futures. */
    @Bean
    @Route("/more")
    RequestHandler more() {
      return exchange -> {
        exchange.writeHeaders(200, length(3));
        exchange.write(HELLO);
        exchange.finish();
      };
    }

    /** Streams less than the length it declared. */
    @Bean
    @Route("/less")
    RequestHandler less() {
      return exchange -> {
        exchange.writeHeaders(200, length(30));
        exchange.write(HELLO);
        exchange.finish();
      };
    }

    @Bean
    @Route("/respond-more")
    RequestHandler respondMore() {
      return exchange -> exchange.respond(200, length(3), HELLO);
    }

    @Bean
    @Route("/respond-less")
    RequestHandler respondLess() {
      return exchange -> exchange.respond(200, length(30), HELLO);
    }

    /** Joins the refused write and throws what it failed with: still one line. */
    @Bean
    @Route("/more-joined")
    RequestHandler moreJoined() {
      return exchange -> {
        exchange.writeHeaders(200, length(3));
        try {
          exchange.write(HELLO).join();
        } catch (RuntimeException e) {
          joinedWith.complete(e);
          throw e;
        }
      };
    }

    private static HTTPHeaders length(int n) {
      HTTPHeaders headers = new HTTPHeaders();
      headers.add("Content-Length", String.valueOf(n));
      return headers;
    }
  }
}
