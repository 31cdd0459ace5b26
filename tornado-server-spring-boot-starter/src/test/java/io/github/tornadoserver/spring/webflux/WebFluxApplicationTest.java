package io.github.tornadoserver.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.httpserver.HTTPServer;
import io.github.tornadoserver.spring.health.TornadoHealthIndicator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

@SpringBootTest(
    classes = WebFluxApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"server.address=127.0.0.1", "tornado.http.port=0"})
@AutoConfigureWebTestClient
class WebFluxApplicationTest {
  @Autowired WebTestClient client;
  @Autowired ApplicationContext context;
  @LocalServerPort int port;

  @Test
  void theApplicationIsServedByTornadoServerOnTheLocalServerPort() {
    assertThat(port).isPositive();
    assertThat(((WebServerApplicationContext) context).getWebServer())
        .isInstanceOf(TornadoWebServer.class)
        .extracting(server -> server.getPort())
        .isEqualTo(port);
    assertThat(context.getEnvironment().getProperty("local.server.port", Integer.class))
        .isEqualTo(port);
  }

  @Test
  void theStartersRoutedServerDoesNotStartASecondServer() {
    assertThat(context.getBeanNamesForType(HTTPServer.class)).isEmpty();
    assertThat(context.getEnvironment().getProperty("local.tornado.http.port")).isNull();
  }

  @Test
  void aControllerReadsAndWritesJson() {
    client
        .post()
        .uri("/greet")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", "ada", "times", 2))
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("X-Stamp", "tornado")
        .expectBody()
        .jsonPath("$.text")
        .isEqualTo("hello ada hello ada")
        .jsonPath("$.length")
        .isEqualTo(19);
  }

  @Test
  void anInvalidBodyIsAnsweredWithBootsErrorJson() {
    client
        .post()
        .uri("/greet")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", "", "times", 1))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(400)
        .jsonPath("$.path")
        .isEqualTo("/greet");
  }

  @Test
  void pathVariablesAndRequestParamsAreBound() {
    client
        .get()
        .uri("/items/42?tag=blue")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("X-Item", "42")
        .expectBody(String.class)
        .isEqualTo("42:blue");
  }

  @Test
  void aRouterFunctionAnswers() {
    client.get().uri("/fn/bob").exchange().expectBody(String.class).isEqualTo("fn bob");
  }

  @Test
  void serverSentEventsStream() {
    List<String> events =
        client
            .get()
            .uri("/ticks?n=3")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(new ParameterizedTypeReference<String>() {})
            .getResponseBody()
            .collectList()
            .block(java.time.Duration.ofSeconds(5));
    assertThat(events).containsExactly("tick-0", "tick-1", "tick-2");
  }

  @Test
  void aStreamedRequestBodyIsReadWhole() {
    byte[] body = new byte[300_000];
    client
        .post()
        .uri("/count")
        .bodyValue(body)
        .exchange()
        .expectBody(String.class)
        .isEqualTo("300000");
  }

  @Test
  void aMultipartUploadIsParsed() {
    MultipartBodyBuilder parts = new MultipartBodyBuilder();
    parts.part(
        "file",
        new ByteArrayResource(new byte[5000]) {
          @Override
          public String getFilename() {
            return "data.bin";
          }
        });
    parts.part("note", "hi");
    client
        .post()
        .uri("/upload")
        .contentType(MediaType.MULTIPART_FORM_DATA)
        .body(BodyInserters.fromMultipartData(parts.build()))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .isEqualTo("data.bin=5000");
  }

  @Test
  void anExceptionHandlerAnswers() {
    client
        .get()
        .uri("/teapot")
        .exchange()
        .expectStatus()
        .isEqualTo(418)
        .expectBody(String.class)
        .isEqualTo("handled: no coffee");
  }

  @Test
  void aResponseStatusExceptionGetsBootsErrorJson() {
    client
        .get()
        .uri("/gone")
        .exchange()
        .expectStatus()
        .isEqualTo(410)
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("Gone")
        .jsonPath("$.path")
        .isEqualTo("/gone");
  }

  @Test
  void anUnknownPathIs404() {
    client.get().uri("/nowhere").exchange().expectStatus().isNotFound();
  }

  @Test
  void securityProtectsOnePath() {
    client.get().uri("/secure/hello").exchange().expectStatus().isUnauthorized();
    client
        .get()
        .uri("/secure/hello")
        .headers(headers -> headers.setBasicAuth("ada", "lovelace"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .isEqualTo("secret");
  }

  @Test
  void aCorsPreflightIsAnswered() {
    client
        .options()
        .uri("/greet")
        .header(HttpHeaders.ORIGIN, "https://app.example")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, HttpMethod.POST.name())
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "Content-Type")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://app.example");
    client
        .options()
        .uri("/greet")
        .header(HttpHeaders.ORIGIN, "https://evil.example")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, HttpMethod.POST.name())
        .exchange()
        .expectStatus()
        .isForbidden();
  }

  @Test
  void aPlainRequestHasNoSslInfo() {
    client.get().uri("/tls").exchange().expectBody(String.class).isEqualTo("plain");
  }

  @Test
  void theServerMetersCountTheWebFluxServersConnections() {
    client.get().uri("/items/1").exchange().expectStatus().isOk();
    io.micrometer.core.instrument.MeterRegistry registry =
        context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
    assertThat(registry.find("tornado.server.connections.accepted").counter())
        .isNotNull()
        .satisfies(counter -> assertThat(counter.count()).isPositive());
  }

  @Test
  void requestsAreObservedByWebFluxUnderOneTimerPerRoute() throws InterruptedException {
    client.get().uri("/items/5?tag=once").exchange().expectStatus().isOk();
    io.micrometer.core.instrument.MeterRegistry registry =
        context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    io.micrometer.core.instrument.Timer timer = null;
    while (timer == null && System.nanoTime() < deadline) {
      timer = registry.find("http.server.requests").tag("uri", "/items/{id}").timer();
      if (timer == null) {
        new java.util.concurrent.CountDownLatch(1)
            .await(20, java.util.concurrent.TimeUnit.MILLISECONDS);
      }
    }
    assertThat(timer).isNotNull();
    assertThat(registry.find("http.server.requests").timers())
        .allSatisfy(t -> assertThat(t.getId().getTag("uri")).isNotNull());
    assertThat(timer.count()).isPositive();
    assertThat(registry.find("http.server.requests").tag("uri", "/items/{id}").timers()).hasSize(1);
  }

  @Test
  void theTornadoHealthCheckWatchesTheWebFluxServer() {
    TornadoHealthIndicator health = context.getBean(TornadoHealthIndicator.class);
    assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
    assertThat(health.health().getDetails().get("servers").toString())
        .contains("webflux")
        .contains(":" + port);
  }

  @Test
  void headAnswersWithoutABody() {
    client
        .head()
        .uri("/items/7")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentLength(3)
        .expectBody()
        .isEmpty();
  }
}
