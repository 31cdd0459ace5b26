package io.github.tornadoserver.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.spring.LocalTornadoHttpPort;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.http.server.LocalTestWebServer;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A WebFlux application with a routed server beside it ({@code tornado.http.enabled=true}): the
 * WebFlux server keeps {@code server.port}, {@code local.server.port} and Boot's test clients; the
 * routed server listens where {@code tornado.http.*} says.
 */
@SpringBootTest(
    classes = WebFluxApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "server.address=127.0.0.1",
      "tornado.http.enabled=true",
      "tornado.http.port=0",
      "tornado.http.address=127.0.0.1"
    })
@AutoConfigureWebTestClient
class WebFluxBesideRoutedServerTest {
  @LocalServerPort int port;
  @LocalTornadoHttpPort int routedPort;
  @Autowired ApplicationContext context;
  @Autowired WebTestClient client;

  @Test
  void theWebFluxServerOwnsTheLocalServerPortAndTheTestClients() {
    assertThat(port).isNotEqualTo(routedPort);
    assertThat(LocalTestWebServer.obtain(context).uri()).isEqualTo("http://localhost:" + port);
    client
        .get()
        .uri("/items/7?tag=a")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .isEqualTo("7:a");
  }
}
