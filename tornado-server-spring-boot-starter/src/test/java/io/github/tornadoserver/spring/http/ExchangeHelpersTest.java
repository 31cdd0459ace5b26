package io.github.tornadoserver.spring.http;

import static io.github.tornadoserver.testing.TornadoContexts.httpPort;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.RawHttp;
import io.github.tornadoserver.testing.TornadoContexts;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** Exchange's helpers, through real requests: query parameters, headers, JSON in and out. */
class ExchangeHelpersTest {
  private final ApplicationContextRunner runner =
      TornadoContexts.runner().withUserConfiguration(Handlers.class);

  record Greeting(String firstName, int count) {}

  @Test
  void readsQueryParametersAndHeadersWithDefaults() {
    runner.run(
        context -> {
          try (RawHttp http = new RawHttp(httpPort(context))) {
            RawHttp.Response given =
                http.request(
                    "GET /params?name=ada&n=3&n=4 HTTP/1.1\r\nHost: x\r\nX-Trace: t1\r\n\r\n",
                    false);
            assertThat(given.text()).isEqualTo("ada 3 t1");
            RawHttp.Response defaults =
                http.request("GET /params HTTP/1.1\r\nHost: x\r\n\r\n", false);
            assertThat(defaults.text()).isEqualTo("anonymous 5 none");
          }
        });
  }

  @Test
  void answersBadRequestNamingAQueryParameterThatIsNotANumber() {
    LogCapture.expect("tornado.general", Level.INFO, "Bad request in handler of /params");
    runner.run(
        context -> {
          RawHttp.Response response = RawHttp.get(httpPort(context), "/params?n=abc");
          assertThat(response.status()).isEqualTo(400);
          assertThat(response.text())
              .contains("\"message\":\"query parameter 'n' is not an integer: \\\"abc\\\"\"");
          assertThat(LogCapture.messages("tornado.application", Level.ERROR)).isEmpty();
        });
  }

  @Test
  void answersAnObjectAsJson() {
    runner.run(
        context -> {
          RawHttp.Response response = RawHttp.get(httpPort(context), "/greeting");
          assertThat(response.status()).isEqualTo(200);
          assertThat(response.header("Content-Type")).isEqualTo("application/json");
          assertThat(response.text()).isEqualTo("{\"firstName\":\"Ada\",\"count\":2}");
        });
  }

  @Test
  void writesAndReadsWithTheApplicationsJsonMapper() {
    runner
        .withBean(
            JsonMapper.class,
            () ->
                JsonMapper.builder()
                    .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .build())
        .run(
            context -> {
              assertThat(RawHttp.get(httpPort(context), "/greeting").text())
                  .isEqualTo("{\"first_name\":\"Ada\",\"count\":2}");
              assertThat(post(context, "application/json", "{\"first_name\":\"Bo\",\"count\":1}"))
                  .isEqualTo("200 Bo x2");
            });
  }

  @Test
  void readsTheBodyAsAnObject() {
    runner.run(
        context -> {
          assertThat(
                  post(
                      context,
                      "application/json; charset=utf-8",
                      "{\"firstName\":\"Bo\",\"count\":1}"))
              .isEqualTo("200 Bo x2");
          assertThat(post(context, null, "{\"firstName\":\"Cy\",\"count\":0}"))
              .isEqualTo("200 Cy x1");
        });
  }

  @Test
  void answersBadRequestForABodyThatIsNotJsonOfTheType() {
    LogCapture.expect("tornado.general", Level.INFO, "Bad request in handler of /echo");
    runner.run(
        context -> {
          assertThat(post(context, "application/json", "{\"firstName\":"))
              .startsWith("400 ")
              .contains("request body is not valid JSON for Greeting");
          assertThat(post(context, "application/json", "{\"count\":\"many\"}"))
              .startsWith("400 ")
              .contains("not valid JSON for Greeting", "line 1");
          assertThat(post(context, "application/json", ""))
              .startsWith("400 ")
              .contains("request body is empty (expected: JSON for Greeting)");
          assertThat(LogCapture.messages("tornado.application", Level.ERROR)).isEmpty();
        });
  }

  @Test
  void answersUnsupportedMediaTypeForABodyThatIsNotSentAsJson() {
    LogCapture.expect("tornado.general", Level.INFO, "Bad request in handler of /echo");
    runner.run(
        context ->
            assertThat(post(context, "text/plain", "{}"))
                .startsWith("415 ")
                .contains("Content-Type \\\"text/plain\\\" is not JSON"));
  }

  @Test
  void saysWhatToAddWhenJacksonIsMissing() {
    LogCapture.expect(
        "tornado.application", Level.ERROR, "Uncaught exception in handler of /greeting");
    runner
        .withClassLoader(new FilteredClassLoader("tools.jackson"))
        .run(
            context -> {
              assertThat(RawHttp.get(httpPort(context), "/greeting").status()).isEqualTo(500);
              assertThat(LogCapture.events())
                  .anyMatch(
                      e ->
                          e.getThrowableProxy() != null
                              && e.getThrowableProxy()
                                  .getMessage()
                                  .contains("add spring-boot-starter-jackson"));
            });
  }

  private static String post(
      org.springframework.context.ApplicationContext context, String contentType, String body)
      throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (RawHttp http = new RawHttp(httpPort(context))) {
      RawHttp.Response response =
          http.request(
              "POST /echo HTTP/1.1\r\nHost: x\r\n"
                  + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                  + "Content-Length: "
                  + bytes.length
                  + "\r\n\r\n"
                  + body,
              false);
      return response.status() + " " + response.text();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Handlers {
    @Bean
    @Route("/params")
    RequestHandler params() {
      return exchange ->
          exchange.respond(
              200,
              "text/plain",
              exchange.queryParam("name", "anonymous")
                  + " "
                  + exchange.intQueryParam("n", 5)
                  + " "
                  + exchange.header("x-trace").orElse("none"));
    }

    @Bean
    @Route("/greeting")
    RequestHandler greeting() {
      return exchange -> exchange.respondJson(new Greeting("Ada", 2));
    }

    @Bean
    @Route(path = "/echo", methods = "POST")
    RequestHandler echo() {
      return exchange -> {
        Greeting greeting = exchange.bodyAs(Greeting.class);
        exchange.respond(200, "text/plain", greeting.firstName() + " x" + (greeting.count() + 1));
      };
    }
  }
}
