package io.github.tornadoserver.spring.http;

import static io.github.tornadoserver.testing.TornadoContexts.httpPort;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.RawHttp;
import io.github.tornadoserver.testing.TornadoContexts;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class RequestRouterTest {
  private static final String CONTEXT_LOGGER =
      "org.springframework.context.annotation.AnnotationConfigApplicationContext";

  private final ApplicationContextRunner runner =
      TornadoContexts.runner().withUserConfiguration(Handlers.class, AnnotatedHandler.class);

  @Test
  void routesByPatternWithPercentDecodedVariables() {
    runner.run(
        context -> {
          RawHttp.Response response = RawHttp.get(httpPort(context), "/items/a%20b/parts/7?x=1");
          assertThat(response.status()).isEqualTo(200);
          assertThat(response.text()).isEqualTo("/items/{id}/parts/{part} id=a b part=7");
        });
  }

  @Test
  void routesAHandlerAnnotatedOnItsClass() {
    runner.run(
        context ->
            assertThat(RawHttp.get(httpPort(context), "/annotated").text()).isEqualTo("class"));
  }

  @Test
  void answersNotFoundWhenNoRouteHasThePath() {
    runner.run(
        context -> {
          RawHttp.Response response = RawHttp.get(httpPort(context), "/nowhere");
          assertThat(response.status()).isEqualTo(404);
          assertThat(response.header("Content-Type")).isEqualTo("application/json");
          assertThat(response.text()).contains("\"status\":404", "\"path\":\"/nowhere\"");
        });
  }

  @Test
  void answersMethodNotAllowedWithTheAllowedMethods() {
    runner.run(
        context -> {
          try (RawHttp http = new RawHttp(httpPort(context))) {
            RawHttp.Response response =
                http.request(
                    "DELETE /items/1/parts/2 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc",
                    false);
            assertThat(response.status()).isEqualTo(405);
            assertThat(response.header("Allow")).isEqualTo("GET, HEAD");
            assertThat(response.header("Connection")).isNull();
            RawHttp.Response next =
                http.request("GET /annotated HTTP/1.1\r\nHost: x\r\n\r\n", false);
            assertThat(next.status()).isEqualTo(200);
          }
        });
  }

  @Test
  void answersHeadWithTheGetRouteAndNoBody() {
    runner.run(
        context -> {
          try (RawHttp http = new RawHttp(httpPort(context))) {
            RawHttp.Response response =
                http.request("HEAD /items/1/parts/2 HTTP/1.1\r\nHost: x\r\n\r\n", true);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Content-Length"))
                .isEqualTo(Integer.toString("/items/{id}/parts/{part} id=1 part=2".length()));
          }
        });
  }

  @Test
  void handsTheWholeDecodedBodyToTheHandler() {
    runner.run(
        context -> {
          try (RawHttp http = new RawHttp(httpPort(context))) {
            String chunked =
                "POST /body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
            RawHttp.Response response = http.request(chunked, false);
            assertThat(response.text()).isEqualTo("11:hello world");
          }
        });
  }

  @Test
  void servesSeveralRequestsOnOneConnection() {
    runner.run(
        context -> {
          try (RawHttp http = new RawHttp(httpPort(context))) {
            for (int i = 0; i < 3; i++) {
              RawHttp.Response response =
                  http.request("GET /items/" + i + "/parts/0 HTTP/1.1\r\nHost: x\r\n\r\n", false);
              assertThat(response.text()).endsWith("id=" + i + " part=0");
            }
          }
        });
  }

  @Test
  void acceptsAnAnswerFromAnotherThreadLater() {
    runner.run(
        context -> {
          Handlers handlers = context.getBean(Handlers.class);
          try (RawHttp http = new RawHttp(httpPort(context))) {
            http.send("GET /later HTTP/1.1\r\nHost: x\r\n\r\n");
            Exchange exchange = handlers.later.get(5, TimeUnit.SECONDS);
            CompletableFuture<Void> written =
                CompletableFuture.supplyAsync(
                        () -> exchange.respond(200, "text/plain", "from elsewhere"))
                    .thenCompose(f -> f);
            assertThat(http.read(false).text()).isEqualTo("from elsewhere");
            written.get(5, TimeUnit.SECONDS);
          }
        });
  }

  @Test
  void streamsAResponseInChunks() {
    runner.run(
        context -> {
          try (RawHttp http = new RawHttp(httpPort(context))) {
            http.send("GET /chunks HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response response = http.read(false);
            assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(response.text()).isEqualTo("onetwothree");
          }
        });
  }

  @Test
  void answersInternalServerErrorWhenAHandlerThrows() {
    LogCapture.expect("tornado.application", Level.ERROR, "Uncaught exception in handler of /fail");
    runner.run(
        context -> {
          RawHttp.Response response = RawHttp.get(httpPort(context), "/fail?x=1");
          assertThat(response.status()).isEqualTo(500);
          assertThat(LogCapture.messages("tornado.application", Level.ERROR))
              .singleElement()
              .asString()
              .contains("GET /fail?x=1 HTTP/1.1 (127.0.0.1)");
        });
  }

  @Test
  void handsFormArgumentsToTheHandler() {
    runner.run(
        context -> {
          try (RawHttp http = new RawHttp(httpPort(context))) {
            RawHttp.Response response = http.request(form("a=1&b=two"), false);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("{a=[1], b=[two]}");
          }
        });
  }

  @Test
  void answersBadRequestWhenTheHandlerReadsArgumentsOfABodyThatCannotBeParsed() {
    runner.run(
        context -> {
          try (RawHttp http = new RawHttp(httpPort(context))) {
            String noFinalBoundary =
                "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n";
            RawHttp.Response response =
                http.request(
                    "POST /form HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: multipart/form-data; boundary=b\r\n"
                        + "Content-Length: "
                        + noFinalBoundary.length()
                        + "\r\n\r\n"
                        + noFinalBoundary,
                    false);
            assertThat(response.status()).isEqualTo(400);
            assertThat(LogCapture.messages("tornado.general", Level.INFO))
                .filteredOn(m -> m.startsWith("Bad request in handler of /form"))
                .singleElement()
                .asString()
                .contains("POST /form HTTP/1.1 (127.0.0.1)", "multipart/form-data");
            assertThat(LogCapture.messages("tornado.application", Level.ERROR)).isEmpty();
          }
        });
  }

  private static String form(String body) {
    return "POST /form HTTP/1.1\r\nHost: x\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\n"
        + "Content-Length: "
        + body.length()
        + "\r\n\r\n"
        + body;
  }

  @Test
  void cutsTheConnectionWhenAHandlerThrowsAfterItsResponseBegan() {
    LogCapture.expect("tornado.application", Level.ERROR, "Uncaught exception in handler of /half");
    runner.run(
        context -> {
          try (RawHttp http = new RawHttp(httpPort(context))) {
            http.send("GET /half HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(http.readLine()).isEqualTo("HTTP/1.1 200 OK");
            while (!http.readLine().isEmpty()) {
              // the head
            }
            assertThat(http.readLine()).isEqualTo("4");
            assertThat(http.readLine()).isEqualTo("half");
            assertThat(http.closedByServer()).isTrue();
          }
        });
  }

  @Test
  void refusesASecondAnswer() {
    runner.run(
        context -> {
          assertThat(RawHttp.get(httpPort(context), "/twice").text()).isEqualTo("first");
          assertThat(context.getBean(Handlers.class).second.get(5, TimeUnit.SECONDS))
              .isInstanceOf(IllegalStateException.class)
              .hasMessage("response already begun with status 200");
        });
  }

  @Test
  void refusesAHandlerBeanWithoutARoute() {
    LogCapture.expect(CONTEXT_LOGGER, Level.WARN, "cancelling refresh attempt");
    TornadoContexts.runner()
        .withBean("unrouted", RequestHandler.class, () -> exchange -> {})
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("request handler bean 'unrouted' has no @Route path"));
  }

  @Test
  void refusesTwoRoutesForTheSameRequests() {
    LogCapture.expect(CONTEXT_LOGGER, Level.WARN, "cancelling refresh attempt");
    TornadoContexts.runner()
        .withUserConfiguration(Clashing.class)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("two routes answer the same requests"));
  }

  @Configuration(proxyBeanMethods = false)
  static class Handlers {
    final CompletableFuture<Exchange> later = new CompletableFuture<>();
    final CompletableFuture<Throwable> second = new CompletableFuture<>();

    @Bean
    @Route(path = "/items/{id}/parts/{part}", methods = "GET")
    RequestHandler items() {
      return exchange ->
          exchange.respond(
              200,
              "text/plain",
              exchange.route()
                  + " id="
                  + exchange.pathVariable("id")
                  + " part="
                  + exchange.pathVariable("part"));
    }

    @Bean
    @Route(path = "/body", methods = "POST")
    RequestHandler body() {
      return exchange -> {
        byte[] body = exchange.request().body();
        exchange.respond(
            200, "text/plain", body.length + ":" + new String(body, StandardCharsets.UTF_8));
      };
    }

    @Bean
    @Route(path = "/form", methods = "POST")
    RequestHandler form() {
      return exchange ->
          exchange.respond(200, "text/plain", exchange.request().bodyArguments().toString());
    }

    @Bean
    @Route("/later")
    RequestHandler later() {
      return this.later::complete;
    }

    @Bean
    @Route("/chunks")
    RequestHandler chunks() {
      return exchange -> {
        exchange.writeHeaders(200, new HTTPHeaders());
        exchange.write("one".getBytes(StandardCharsets.UTF_8));
        exchange.write("two".getBytes(StandardCharsets.UTF_8));
        exchange.write("three".getBytes(StandardCharsets.UTF_8));
        exchange.finish();
      };
    }

    @Bean
    @Route("/fail")
    RequestHandler fail() {
      return exchange -> {
        throw new IllegalStateException("handler broke");
      };
    }

    @Bean
    @Route("/half")
    RequestHandler half() {
      return exchange -> {
        exchange.writeHeaders(200, new HTTPHeaders());
        exchange.write("half".getBytes(StandardCharsets.UTF_8));
        throw new IllegalStateException("broke halfway");
      };
    }

    @Bean
    @Route("/twice")
    RequestHandler twice() {
      return exchange -> {
        exchange.respond(200, "text/plain", "first");
        try {
          exchange.respond(200, "text/plain", "second");
        } catch (IllegalStateException e) {
          second.complete(e);
        }
      };
    }
  }

  @Route("/annotated")
  static class AnnotatedHandler implements RequestHandler {
    @Override
    public void handle(Exchange exchange) {
      exchange.respond(200, "text/plain", "class");
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Clashing {
    @Bean
    @Route(path = "/a/{x}", methods = "GET")
    RequestHandler first() {
      return exchange -> {};
    }

    @Bean
    @Route("/a/{y}")
    RequestHandler second() {
      return exchange -> {};
    }
  }
}
