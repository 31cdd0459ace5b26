package io.github.tornadoserver.spring.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.spring.LocalTornadoHttpPort;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.http.server.LocalTestWebServer;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * With the routed server as the application's web server, Boot's test support works as with Boot's
 * own servers: the random port of {@code RANDOM_PORT} (no {@code tornado.http.port} set), {@code
 * local.server.port}, and the three auto-configured test clients.
 */
@SpringBootTest(
    classes = RoutedApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {RoutedApp.NOT_A_WEB_APPLICATION, "server.address=127.0.0.1"})
@AutoConfigureTestRestTemplate
@AutoConfigureRestTestClient
@AutoConfigureWebTestClient
class TornadoLocalTestWebServerProviderTest {
  @LocalServerPort int port;
  @LocalTornadoHttpPort int tornadoPort;
  @Autowired ApplicationContext context;
  @Autowired TestRestTemplate restTemplate;
  @Autowired RestTestClient restClient;
  @Autowired WebTestClient webClient;

  @Test
  void randomPortBindsAFreePortPublishedAsTheLocalServerPort() {
    assertThat(port).isPositive().isNotEqualTo(8888).isEqualTo(tornadoPort);
  }

  @Test
  void theLocalTestWebServerIsTheRoutedServer() {
    assertThat(LocalTestWebServer.obtain(context).uri()).isEqualTo("http://localhost:" + port);
  }

  @Test
  void testRestTemplateTalksToTheRoutedServer() {
    assertThat(restTemplate.getForObject("/hello/rest", String.class)).isEqualTo("Hello rest");
  }

  @Test
  void restTestClientTalksToTheRoutedServer() {
    restClient
        .get()
        .uri("/hello/client")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .isEqualTo("Hello client");
  }

  @Test
  void webTestClientTalksToTheRoutedServer() {
    webClient
        .get()
        .uri("/hello/web")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .isEqualTo("Hello web");
  }
}
