package io.github.tornadoserver.sample.webflux;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** CORS on {@code /api/**}: {@code https://example.com} only. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
class WebConfigurationTest {
  @Autowired WebTestClient client;

  @Test
  void allowsAPreflightFromTheConfiguredOrigin() {
    preflight("https://example.com")
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://example.com")
        .expectHeader()
        .valueMatches(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, ".*POST.*")
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "3600");
  }

  @Test
  void refusesAPreflightFromAnotherOrigin() {
    preflight("https://elsewhere.example")
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
  }

  @Test
  void marksTheActualResponseForTheConfiguredOrigin() {
    client
        .post()
        .uri("/api/greetings")
        .header(HttpHeaders.ORIGIN, "https://example.com")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"name\":\"Ada\",\"excitement\":0}")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://example.com");
  }

  private WebTestClient.ResponseSpec preflight(String origin) {
    return client
        .options()
        .uri("/api/greetings")
        .header(HttpHeaders.ORIGIN, origin)
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "Content-Type")
        .exchange();
  }
}
