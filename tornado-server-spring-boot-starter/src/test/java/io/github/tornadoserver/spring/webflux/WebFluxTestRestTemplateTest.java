package io.github.tornadoserver.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

/** Boot's auto-configured {@link TestRestTemplate} finds the WebFlux server on its random port. */
@SpringBootTest(
    classes = WebFluxApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "server.address=127.0.0.1")
@AutoConfigureTestRestTemplate
class WebFluxTestRestTemplateTest {
  @Autowired TestRestTemplate rest;
  @LocalServerPort int port;

  @Test
  void theAutoConfiguredTestRestTemplateTalksToTheServerOnTheLocalServerPort() {
    assertThat(rest.getRootUri()).endsWith(":" + port);
    ResponseEntity<String> answer = rest.getForEntity("/items/7?tag=a", String.class);
    assertThat(answer.getStatusCode().value()).isEqualTo(200);
    assertThat(answer.getBody()).isEqualTo("7:a");
    assertThat(answer.getHeaders().getFirst("X-Item")).isEqualTo("7");
  }

  @Test
  void anErrorAnswerReachesTheTemplateWithBootsErrorBody() {
    ResponseEntity<String> answer = rest.getForEntity("/gone", String.class);
    assertThat(answer.getStatusCode().value()).isEqualTo(410);
    assertThat(answer.getBody()).contains("\"status\":410").contains("\"path\":\"/gone\"");
  }
}
