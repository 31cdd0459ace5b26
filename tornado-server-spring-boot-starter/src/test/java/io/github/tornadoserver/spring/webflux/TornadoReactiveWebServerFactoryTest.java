package io.github.tornadoserver.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tornadoserver.spring.TornadoProperties;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.server.Compression;
import org.springframework.boot.web.server.Http2;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

class TornadoReactiveWebServerFactoryTest {
  private final WebFluxServers servers = new WebFluxServers();

  @AfterEach
  void stop() {
    servers.close();
  }

  @Test
  void gzipsAsServerCompressionAsks() throws Exception {
    Compression compression = new Compression();
    compression.setEnabled(true);
    servers.factory.setCompression(compression);
    int port = servers.start(TornadoReactiveWebServerFactoryTest::bigText);

    HttpResponse<byte[]> response = get(port);

    assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(response.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    assertThat(gunzip(response.body())).isEqualTo(BIG);
  }

  @Test
  void aTornadoCompressionValueWinsOverServerCompression() throws Exception {
    Compression compression = new Compression();
    compression.setEnabled(true);
    servers.factory.setCompression(compression);
    TornadoProperties.Http options = new TornadoProperties.Http();
    options.getCompression().setEnabled(false);
    servers.factory.setOptions(options);
    int port = servers.start(TornadoReactiveWebServerFactoryTest::bigText);

    HttpResponse<byte[]> response = get(port);

    assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(BIG);
  }

  private static final String BIG = "webflux ".repeat(1024);

  private static Mono<Void> bigText(ServerHttpRequest request, ServerHttpResponse response) {
    response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
    byte[] bytes = BIG.getBytes(StandardCharsets.UTF_8);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
  }

  private static HttpResponse<byte[]> get(int port) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
            .header("Accept-Encoding", "gzip")
            .timeout(Duration.ofSeconds(5))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String gunzip(byte[] body) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void http2IsRefusedWithAClearMessage() {
    Http2 http2 = new Http2();
    http2.setEnabled(true);
    servers.factory.setHttp2(http2);
    assertThatThrownBy(() -> servers.factory.getWebServer((request, response) -> null))
        .isInstanceOf(UnsupportedServerOptionException.class)
        .hasMessageContaining("server.http2.enabled=true")
        .hasMessageContaining("HTTP/1.1 only");
  }

  @Test
  void theFailureAnalysisSaysWhatToChange() {
    UnsupportedServerOptionException refused =
        new UnsupportedServerOptionException("server.http2.enabled", "it serves HTTP/1.1 only");
    FailureAnalysis analysis = new UnsupportedServerOptionFailureAnalyzer().analyze(refused);
    assertThat(analysis.getDescription()).isEqualTo(refused.getMessage());
    assertThat(analysis.getAction())
        .contains("Remove server.http2.enabled")
        .contains("tornado.webflux.enabled=false");
  }

  @Test
  void disabledCompressionAndHttp2AreFine() {
    servers.factory.setCompression(new Compression());
    servers.factory.setHttp2(new Http2());
    assertThat(servers.start((request, response) -> response.setComplete())).isPositive();
  }
}
