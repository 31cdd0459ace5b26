package io.github.tornadoserver.readme;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The README's test set-up, with nothing else: a random port without any {@code tornado.http.port},
 * {@code @LocalServerPort}, and Boot's three auto-configured test clients.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@AutoConfigureRestTestClient
@AutoConfigureWebTestClient
class ReadmeApplicationTest {
  @LocalServerPort int port;
  @Autowired TestRestTemplate restTemplate;
  @Autowired RestTestClient restClient;
  @Autowired WebTestClient webClient;

  @Test
  void listensOnARandomPortNotTheDefaultOne() {
    assertThat(port).isPositive().isNotEqualTo(8888);
  }

  @Test
  void testRestTemplateGetsTheHandlersAnswer() {
    ResponseEntity<String> answer = restTemplate.getForEntity("/hello/template", String.class);
    assertThat(answer.getStatusCode().value()).isEqualTo(200);
    assertThat(answer.getBody()).isEqualTo("Hello template");
    assertThat(answer.getHeaders().getFirst("Content-Type")).startsWith("text/plain");
  }

  @Test
  void restTestClientGetsTheHandlersAnswer() {
    restClient
        .get()
        .uri("/hello/you")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .isEqualTo("Hello you");
  }

  @Test
  void webTestClientGetsTheHandlersAnswer() {
    webClient
        .get()
        .uri("/hello/web")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .isEqualTo("Hello web");
  }

  @Test
  void aPathWithoutARouteIsNotFoundAndAnotherMethodIsNotAllowed() {
    restClient.get().uri("/nothing").exchange().expectStatus().isNotFound();
    restClient
        .post()
        .uri("/hello/you")
        .exchange()
        .expectStatus()
        .isEqualTo(405)
        .expectHeader()
        .valueMatches("Allow", ".*GET.*");
  }
}
