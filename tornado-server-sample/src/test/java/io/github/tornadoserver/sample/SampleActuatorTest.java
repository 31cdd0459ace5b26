package io.github.tornadoserver.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.spring.LocalTornadoHttpPort;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The actuator endpoints the sample's {@code application.yml} exposes, as the README's tour shows
 * them, over a real socket on the application's port.
 */
@SpringBootTest(properties = {"tornado.http.port=0", "tornado.tcp.port=0"})
class SampleActuatorTest {
  @LocalTornadoHttpPort int httpPort;

  @Test
  void healthShowsTheTornadoDetailsAndTheProbes() throws IOException {
    assertThat(get("/actuator/health"))
        .startsWith("HTTP/1.1 200 OK\r\n")
        .contains("\"tornado\":{\"details\":", "\"groups\":[\"liveness\",\"readiness\"]");
    assertThat(get("/actuator/health/readiness")).endsWith("{\"status\":\"UP\"}");
    assertThat(get("/livez")).startsWith("HTTP/1.1 200 OK\r\n");
  }

  @Test
  void infoMetricsAndPrometheusAreExposedAndNothingElse() throws IOException {
    assertThat(get("/actuator/info")).contains("\"name\":\"tornado-server-sample\"");
    assertThat(get("/actuator/metrics")).contains("\"tornado.ioloop.lag\"");
    assertThat(get("/actuator/prometheus"))
        .contains("Content-Type: text/plain;version=0.0.4", "tornado_ioloop_lag_seconds{");
    assertThat(get("/actuator/env")).startsWith("HTTP/1.1 404 ");
  }

  /** The tour's step: after the echo, its timer is found by the route's pattern. */
  @Test
  void theEchoOfTheTourIsTimedUnderItsRoutePattern() throws IOException {
    assertThat(exchange("POST /echo/hi?x=1 HTTP/1.1\r\nHost: sample\r\nContent-Length: 5", "hello"))
        .startsWith("HTTP/1.1 200 OK\r\n")
        .contains("\"body_len\":5");

    assertThat(get("/actuator/metrics/http.server.requests?tag=uri:/echo/**"))
        .startsWith("HTTP/1.1 200 OK\r\n")
        .contains("{\"tag\":\"method\",\"values\":[\"POST\"]}", "\"statistic\":\"COUNT\"");
    assertThat(get("/actuator/metrics/http.server.requests?tag=uri:/echo/hi"))
        .startsWith("HTTP/1.1 404 ");
  }

  private String get(String target) throws IOException {
    return exchange("GET " + target + " HTTP/1.1\r\nHost: sample", "");
  }

  /** Sends the head (without its end), Connection: close and the body; answers the response. */
  private String exchange(String head, String body) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", httpPort), 5000);
      socket.setSoTimeout(10_000);
      String request = head + "\r\nConnection: close\r\n\r\n" + body;
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
