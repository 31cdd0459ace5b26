package io.github.tornadoserver.sample.webflux;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Spring Security: {@code /admin/**} behind HTTP Basic, the rest open. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
class SecurityConfigurationTest {
  @Autowired WebTestClient client;

  @Test
  void refusesTheAdminAreaWithoutCredentials() {
    client
        .get()
        .uri("/admin/whoami")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueMatches("WWW-Authenticate", "Basic .*");
  }

  @Test
  void refusesTheAdminAreaWithAWrongPassword() {
    client
        .get()
        .uri("/admin/whoami")
        .headers(headers -> headers.setBasicAuth("admin", "wrong"))
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  @Test
  void opensTheAdminAreaToTheConfiguredUser() {
    client
        .get()
        .uri("/admin/whoami")
        .headers(headers -> headers.setBasicAuth("admin", "change-me"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .json("{\"user\":\"admin\"}", true);
  }

  @Test
  void leavesEveryOtherPathOpen() {
    client.get().uri("/status/200").exchange().expectStatus().isOk();
    client.get().uri("/actuator/health").exchange().expectStatus().isOk();
  }
}
