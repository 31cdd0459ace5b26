package io.github.tornadoserver.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.testing.RawHttp;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;

/**
 * {@code server.forward-headers-strategy=native} in a WebFlux application: the server applies the
 * forwarded headers of its trusted proxies once, and Spring's transformer is not there to apply
 * them again.
 */
@SpringBootTest(
    classes = WebFluxApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "server.address=127.0.0.1",
      "tornado.http.port=0",
      "server.forward-headers-strategy=native",
      "tornado.http.forwarded.trusted-proxies=127.0.0.1",
      "tornado.http.forwarded.client-header=forwarded",
      "tornado.http.forwarded.scheme-header=forwarded"
    })
class WebFluxForwardedHeadersTest {
  @Autowired ApplicationContext context;
  @LocalServerPort int port;

  private String where(String headers) throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      String request = "GET /where?q=1 HTTP/1.1\r\nHost: backend:8080\r\n" + headers + "\r\n";
      RawHttp.Response response = http.request(request, false);
      assertThat(response.status()).isEqualTo(200);
      return response.text();
    }
  }

  @Test
  void theUriSchemeAndRemoteAddressAreWhatTheTrustedProxyReported() throws IOException {
    String headers =
        "Forwarded: for=\"[2001:db8::7]:4711\";proto=https;host=shop.example\r\n"
            + "X-Forwarded-Port: 8443\r\nX-Forwarded-Prefix: /store/\r\n";
    assertThat(where(headers))
        .isEqualTo("https://shop.example:8443/store/where?q=1 /store 2001:db8:0:0:0:0:0:7");
  }

  @Test
  void withoutForwardedHeadersTheSocketStands() throws IOException {
    assertThat(where("")).isEqualTo("http://backend:8080/where?q=1  127.0.0.1");
  }

  @Test
  void springsTransformerIsNotRegisteredSoNothingIsAppliedTwice() {
    assertThat(context.getBeanNamesForType(ForwardedHeaderTransformer.class)).isEmpty();
  }
}
