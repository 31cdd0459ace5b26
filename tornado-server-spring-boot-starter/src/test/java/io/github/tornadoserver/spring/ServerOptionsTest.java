package io.github.tornadoserver.spring;

import static io.github.tornadoserver.testing.TornadoContexts.httpPort;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.spring.http.RequestHandler;
import io.github.tornadoserver.spring.http.Route;
import io.github.tornadoserver.testing.RawHttp;
import io.github.tornadoserver.testing.TornadoContexts;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code tornado.http.*} options reach the server the starter builds. */
class ServerOptionsTest {
  private final ApplicationContextRunner runner =
      TornadoContexts.runner().withUserConfiguration(Upload.class);

  @Test
  void aBodySentOnlyHalfWayIsClosedByTheBodyTimeout() {
    runner
        .withPropertyValues("tornado.http.body-timeout=200ms")
        .run(
            context -> {
              try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", httpPort(context)), 5_000);
                socket.setSoTimeout(5_000);
                socket
                    .getOutputStream()
                    .write(
                        ("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n"
                                + "only ten b")
                            .getBytes(StandardCharsets.ISO_8859_1));
                assertThat(readToEnd(socket.getInputStream())).isEmpty();
              }
            });
  }

  @Test
  void aBodySentWithinTheBodyTimeoutIsServed() {
    runner
        .withPropertyValues("tornado.http.body-timeout=5s")
        .run(
            context -> {
              try (RawHttp http = new RawHttp(httpPort(context))) {
                RawHttp.Response answer =
                    http.request(
                        "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
                        false);
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.text()).isEqualTo("5");
              }
            });
  }

  /** What the server sent before it closed the connection; fails on the 5 s read timeout. */
  private static String readToEnd(InputStream in) throws Exception {
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  @Configuration(proxyBeanMethods = false)
  static class Upload {
    @Bean
    @Route(path = "/upload", methods = "POST")
    RequestHandler upload() {
      return exchange ->
          exchange.respond(200, "text/plain", String.valueOf(exchange.request().body().length));
    }
  }
}
