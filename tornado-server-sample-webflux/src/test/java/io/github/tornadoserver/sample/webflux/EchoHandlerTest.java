package io.github.tornadoserver.sample.webflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code /echo}: the request described as JSON, through the auto-configured client and, where the
 * exact bytes on the wire matter (header order, the target as sent), over a raw socket.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
class EchoHandlerTest {
  @Autowired WebTestClient client;
  @Autowired WebServerApplicationContext context;
  @LocalServerPort int port;

  @Test
  void describesTheRequestAndHashesItsBody() throws Exception {
    client
        .post()
        .uri("/echo/a-b?x=1&y")
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue("hello")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
        .expectBody()
        .jsonPath("$.method")
        .isEqualTo("POST")
        .jsonPath("$.uri")
        .isEqualTo("/echo/a-b?x=1&y")
        .jsonPath("$.path")
        .isEqualTo("/echo/a-b")
        .jsonPath("$.query")
        .isEqualTo("x=1&y")
        .jsonPath("$.remote_ip")
        .isEqualTo("127.0.0.1")
        .jsonPath("$.protocol")
        .isEqualTo("http")
        .jsonPath("$.host")
        .isEqualTo("localhost:" + port)
        .jsonPath("$.body_len")
        .isEqualTo(5)
        .jsonPath("$.body_sha256")
        .isEqualTo(sha256("hello".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void answersAnyMethodBelowEcho() {
    client
        .put()
        .uri("/echo/deeper/still")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.method")
        .isEqualTo("PUT")
        .jsonPath("$.path")
        .isEqualTo("/echo/deeper/still")
        .jsonPath("$.query")
        .isEqualTo("")
        .jsonPath("$.body_len")
        .isEqualTo(0);
  }

  @Test
  void hashesALargeBodyAsItArrives() throws Exception {
    byte[] body = new byte[4 * 1024 * 1024];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) (i * 31);
    }
    client
        .post()
        .uri("/echo")
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.body_len")
        .isEqualTo(body.length)
        .jsonPath("$.body_sha256")
        .isEqualTo(sha256(body));
  }

  @Test
  void keepsTheTargetRawAndTheHeadersInTheOrderSent() throws IOException {
    String response =
        send(
            "GET /echo/a%20b?x=1&y HTTP/1.1\r\nHost: sample\r\nX-First: 1\r\nX-Quote: \"q\" \\\r\n"
                + "X-Last: 3\r\nConnection: close\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
    assertThat(body(response))
        .contains(
            "\"uri\":\"/echo/a%20b?x=1&y\",\"path\":\"/echo/a%20b\",\"query\":\"x=1&y\"",
            "\"host\":\"sample\"",
            "\"headers\":[[\"Host\",\"sample\"],[\"X-First\",\"1\"],[\"X-Quote\",\"\\\"q\\\" \\\\\"],"
                + "[\"X-Last\",\"3\"],[\"Connection\",\"close\"]]");
  }

  @Test
  void reportsTheVersionAndTargetAsSentOnTornadoServer() throws IOException {
    assumeThat(context.getWebServer().getClass().getName()).startsWith("io.github.tornadoserver");
    String body =
        body(send("GET http://example.com:8080/echo?q=1 HTTP/1.0\r\nHost: other\r\n\r\n"));
    assertThat(body)
        .contains(
            "\"uri\":\"http://example.com:8080/echo?q=1\"",
            "\"path\":\"/echo\"",
            "\"query\":\"q=1\"",
            "\"version\":\"HTTP/1.0\"",
            "\"host\":\"example.com:8080\"");
  }

  private String send(String request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
