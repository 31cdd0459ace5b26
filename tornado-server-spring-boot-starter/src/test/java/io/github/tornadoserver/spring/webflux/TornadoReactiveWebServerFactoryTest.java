package io.github.tornadoserver.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.server.Compression;
import org.springframework.boot.web.server.Http2;

class TornadoReactiveWebServerFactoryTest {
  private final WebFluxServers servers = new WebFluxServers();

  @AfterEach
  void stop() {
    servers.close();
  }

  @Test
  void responseCompressionIsRefusedWithAClearMessage() {
    Compression compression = new Compression();
    compression.setEnabled(true);
    servers.factory.setCompression(compression);
    assertThatThrownBy(() -> servers.factory.getWebServer((request, response) -> null))
        .isInstanceOf(UnsupportedServerOptionException.class)
        .hasMessage(
            "server.compression.enabled=true is not supported by tornado-server:"
                + " it does not compress responses yet");
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
