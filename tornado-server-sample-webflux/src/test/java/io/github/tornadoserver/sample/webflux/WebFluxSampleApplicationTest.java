package io.github.tornadoserver.sample.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The application as a whole: the actuator on the same port as the application's routes. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
class WebFluxSampleApplicationTest {
  @Autowired WebTestClient client;

  @Test
  void reportsHealthUp() {
    client
        .get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP");
  }

  @Test
  void exposesInfoMetricsAndPrometheusAndNothingElse() {
    client
        .get()
        .uri("/actuator/info")
        .exchange()
        .expectBody()
        .jsonPath("$.app.name")
        .isEqualTo("tornado-server-sample-webflux");
    client.get().uri("/actuator/metrics").exchange().expectStatus().isOk();
    client.get().uri("/actuator/env").exchange().expectStatus().isNotFound();
  }

  @Test
  void countsRequestsThroughWebFluxsOwnObservation() {
    client.get().uri("/status/200").exchange().expectStatus().isOk();
    String prometheus =
        client
            .get()
            .uri("/actuator/prometheus")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(prometheus)
        .contains("http_server_requests_seconds_count{", "uri=\"/status/{code}\"");
  }
}
