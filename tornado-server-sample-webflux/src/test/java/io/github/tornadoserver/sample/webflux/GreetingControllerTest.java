package io.github.tornadoserver.sample.webflux;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code POST /api/greetings}: JSON in and out, and validation. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
class GreetingControllerTest {
  @Autowired WebTestClient client;

  @Test
  void answersJsonWithJson() {
    client
        .post()
        .uri("/api/greetings")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"name\":\"Ada\",\"excitement\":2}")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
        .expectBody()
        .json("{\"greeting\":\"Hello, Ada!!\",\"length\":12}", true);
  }

  @Test
  void answersAnInvalidBodyWithBadRequestNamingTheField() {
    client
        .post()
        .uri("/api/greetings")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"name\":\" \",\"excitement\":9}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(400)
        .jsonPath("$.errors[?(@.field == 'name')]")
        .exists()
        .jsonPath("$.errors[?(@.field == 'excitement')]")
        .exists();
  }

  @Test
  void answersMalformedJsonWithBadRequest() {
    client
        .post()
        .uri("/api/greetings")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"name\":")
        .exchange()
        .expectStatus()
        .isBadRequest();
  }
}
