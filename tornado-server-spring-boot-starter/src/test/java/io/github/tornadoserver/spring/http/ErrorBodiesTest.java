package io.github.tornadoserver.spring.http;

import static io.github.tornadoserver.testing.TornadoContexts.httpPort;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.RawHttp;
import io.github.tornadoserver.testing.TornadoContexts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The bodies of the errors the router and the server generate: their shape, their negotiation by
 * {@code Accept}, none for {@code HEAD}, and the property that turns them off.
 */
class ErrorBodiesTest {
  private static final ErrorBodies BODIES =
      new ErrorBodies(true, Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC));

  private final ApplicationContextRunner runner =
      TornadoContexts.runner().withUserConfiguration(Handlers.class);

  @Test
  void writesSpringBootsErrorShapeInJson() {
    ErrorBodies.Body body = BODIES.of(404, "GET", null, "/a\"b", null);
    assertThat(body.contentType()).isEqualTo("application/json");
    assertThat(new String(body.content(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"timestamp\":\"2026-01-02T03:04:05.678+00:00\",\"status\":404,"
                + "\"error\":\"Not Found\",\"path\":\"/a\\\"b\"}");
  }

  @Test
  void addsTheMessageWhenThereIsOneAndEscapesControlCharacters() {
    ErrorBodies.Body body = BODIES.of(400, "GET", "application/json", "/n", "bad\n\u0001");
    assertThat(new String(body.content(), StandardCharsets.UTF_8))
        .contains("\"message\":\"bad\\n\\u0001\",\"path\":\"/n\"");
  }

  @Test
  void choosesJsonTextOrNothingByAccept() {
    assertThat(BODIES.of(404, "GET", "*/*", "/", null).contentType()).isEqualTo("application/json");
    assertThat(BODIES.of(404, "GET", "text/html, application/*;q=0.5", "/", null).contentType())
        .isEqualTo("application/json");
    assertThat(BODIES.of(404, "GET", "application/problem+json", "/", null).contentType())
        .isEqualTo("application/json");
    ErrorBodies.Body text = BODIES.of(400, "GET", "text/plain", "/", "why");
    assertThat(text.contentType()).isEqualTo("text/plain;charset=UTF-8");
    assertThat(new String(text.content(), StandardCharsets.UTF_8))
        .isEqualTo("400 Bad Request: why");
    assertThat(BODIES.of(404, "GET", "image/png", "/", null)).isNull();
    assertThat(BODIES.of(404, "GET", "application/json;q=0, text/html", "/", null)).isNull();
  }

  @Test
  void sendsNoBodyForHeadOrWhenTurnedOff() {
    assertThat(BODIES.of(404, "HEAD", null, "/", null)).isNull();
    assertThat(ErrorBodies.NONE.of(404, "GET", null, "/", null)).isNull();
  }

  @Test
  void answersMethodNotAllowedWithItsAllowHeaderAndABody() {
    runner.run(
        context -> {
          try (RawHttp http = new RawHttp(httpPort(context))) {
            RawHttp.Response response =
                http.request("DELETE /fail HTTP/1.1\r\nHost: x\r\n\r\n", false);
            assertThat(response.status()).isEqualTo(405);
            assertThat(response.header("Allow")).isEqualTo("GET, HEAD");
            assertThat(response.text())
                .contains(
                    "\"status\":405", "\"error\":\"Method Not Allowed\"", "\"path\":\"/fail\"");
          }
        });
  }

  @Test
  void answersAHandlerFailureWithoutSayingWhatFailed() {
    LogCapture.expect("tornado.application", Level.ERROR, "Uncaught exception in handler of /fail");
    runner.run(
        context -> {
          RawHttp.Response response = RawHttp.get(httpPort(context), "/fail?secret=1");
          assertThat(response.status()).isEqualTo(500);
          assertThat(response.header("Content-Type")).isEqualTo("application/json");
          assertThat(response.text())
              .contains(
                  "\"status\":500", "\"error\":\"Internal Server Error\"", "\"path\":\"/fail\"")
              .doesNotContain("internal detail", "message", "secret");
        });
  }

  @Test
  void answersAServerRefusalWithABody() {
    LogCapture.expect("tornado.general", Level.INFO, "Refused request");
    runner
        .withPropertyValues("tornado.http.max-body-size=10B")
        .run(
            context -> {
              try (RawHttp http = new RawHttp(httpPort(context))) {
                RawHttp.Response response =
                    http.request(
                        "POST /fail HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n", false);
                assertThat(response.status()).isEqualTo(413);
                assertThat(response.header("Connection")).isEqualTo("close");
                assertThat(response.text())
                    .contains(
                        "\"status\":413", "\"error\":\"Content Too Large\"", "\"path\":\"/fail\"");
              }
            });
  }

  @Test
  void answersAHeadTooLargeWithABodyWithoutAPath() {
    LogCapture.expect("tornado.general", Level.INFO, "Refused request");
    runner
        .withPropertyValues("tornado.http.max-header-size=1KB")
        .run(
            context -> {
              try (RawHttp http = new RawHttp(httpPort(context))) {
                RawHttp.Response response =
                    http.request(
                        "GET /fail HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(2000) + "\r\n\r\n",
                        false);
                assertThat(response.status()).isEqualTo(431);
                assertThat(response.text()).contains("\"status\":431").doesNotContain("path");
              }
            });
  }

  @Test
  void answersHeadAndClientsThatTakeNeitherJsonNorTextWithoutABody() {
    runner.run(
        context -> {
          try (RawHttp http = new RawHttp(httpPort(context))) {
            RawHttp.Response head = http.request("HEAD /nowhere HTTP/1.1\r\nHost: x\r\n\r\n", true);
            assertThat(head.status()).isEqualTo(404);
            assertThat(head.header("Content-Length")).isEqualTo("0");
            RawHttp.Response image =
                http.request(
                    "GET /nowhere HTTP/1.1\r\nHost: x\r\nAccept: image/png\r\n\r\n", false);
            assertThat(image.status()).isEqualTo(404);
            assertThat(image.body()).isEmpty();
            RawHttp.Response text =
                http.request(
                    "GET /nowhere HTTP/1.1\r\nHost: x\r\nAccept: text/plain\r\n\r\n", false);
            assertThat(text.text()).isEqualTo("404 Not Found");
          }
        });
  }

  @Test
  void sendsEmptyErrorsWhenTurnedOff() {
    runner
        .withPropertyValues("tornado.http.error-body.enabled=false")
        .run(
            context -> {
              RawHttp.Response response = RawHttp.get(httpPort(context), "/nowhere");
              assertThat(response.status()).isEqualTo(404);
              assertThat(response.header("Content-Length")).isEqualTo("0");
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class Handlers {
    @Bean
    @Route(path = "/fail", methods = "GET")
    RequestHandler fail() {
      return exchange -> {
        throw new IllegalStateException("internal detail");
      };
    }
  }
}
