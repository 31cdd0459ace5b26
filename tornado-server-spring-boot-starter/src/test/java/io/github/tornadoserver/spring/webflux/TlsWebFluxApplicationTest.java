package io.github.tornadoserver.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.testing.TlsProbe;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(
    classes = WebFluxApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "server.address=127.0.0.1",
      "spring.ssl.bundle.pem.web.keystore.certificate=classpath:tls/server.pem",
      "spring.ssl.bundle.pem.web.keystore.private-key=classpath:tls/server-pkcs8.key",
      "server.ssl.bundle=web"
    })
class TlsWebFluxApplicationTest {
  @LocalServerPort int port;

  @Test
  void theServerPresentsTheBundlesCertificate() throws Exception {
    assertThat(TlsProbe.serverSubject(TlsProbe.trustingAnyone(), port)).contains("CN=");
  }

  @Test
  void aRequestOverTlsIsServedAndCarriesSslInfo() throws Exception {
    try (SSLSocket socket = TlsProbe.connect(TlsProbe.trustingAnyone(), port)) {
      assertThat(TlsProbe.statusLine(socket, "/tls")).isEqualTo("HTTP/1.1 200 OK");
      String rest = new String(socket.getInputStream().readAllBytes());
      assertThat(rest).endsWith("tls");
    }
  }

  @Test
  void theSslInfoCarriesTheSessionIdInHex() throws Exception {
    try (SSLSocket socket = TlsProbe.connect(TlsProbe.trustingAnyone(), port)) {
      assertThat(TlsProbe.statusLine(socket, "/tls/session")).isEqualTo("HTTP/1.1 200 OK");
      String rest = new String(socket.getInputStream().readAllBytes());
      assertThat(rest.substring(rest.indexOf("\r\n\r\n") + 4)).matches("[0-9a-f]{2,64}");
    }
  }
}
