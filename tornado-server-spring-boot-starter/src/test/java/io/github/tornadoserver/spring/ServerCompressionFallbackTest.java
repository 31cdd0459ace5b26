package io.github.tornadoserver.spring;

import static io.github.tornadoserver.testing.TornadoContexts.httpPort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.httpserver.Compression;
import io.github.tornadoserver.httputil.HTTPConnection;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPMessageDelegate;
import io.github.tornadoserver.httputil.HTTPServerConnectionDelegate;
import io.github.tornadoserver.httputil.RequestStartLine;
import io.github.tornadoserver.httputil.ResponseStartLine;
import io.github.tornadoserver.spring.ServerCompressionFallback.BootCompression;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.RawHttp;
import io.github.tornadoserver.testing.TornadoContexts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

/** {@code tornado.http.compression.*} first, {@code server.compression.*} second, then defaults. */
class ServerCompressionFallbackTest {
  private static final String BIG = "spring ".repeat(700);

  private final ApplicationContextRunner runner =
      TornadoContexts.runner().withUserConfiguration(BigText.class);

  @Test
  void isOffWithNothingSetAndTakesBootsDefaultsOtherwise() {
    Compression none =
        ServerCompressionFallback.resolve(new CompressionProperties(), BootCompression.NONE);

    assertThat(none.enabled()).isFalse();
    assertThat(none.minResponseSize()).isEqualTo(2048);
    assertThat(none.mimeTypes())
        .containsExactlyInAnyOrderElementsOf(Compression.DEFAULT_MIME_TYPES);
    assertThat(none.excludedUserAgents()).isEmpty();
    assertThat(none.level()).isEqualTo(6);
  }

  @Test
  void takesEachServerCompressionValueThatTornadoDoesNotSet() {
    CompressionProperties tornado = new CompressionProperties();
    tornado.setMinResponseSize(DataSize.ofBytes(100));
    BootCompression boot =
        new BootCompression(true, List.of("text/csv"), DataSize.ofKilobytes(8), List.of("Old/1"));

    Compression compression = ServerCompressionFallback.resolve(tornado, boot);

    assertThat(compression.enabled()).isTrue();
    assertThat(compression.minResponseSize()).isEqualTo(100);
    assertThat(compression.mimeTypes()).containsExactly("text/csv");
    assertThat(compression.excludedUserAgents()).containsExactly("Old/1");
  }

  @Test
  void letsATornadoValueSwitchItOffWhateverServerCompressionSays() {
    CompressionProperties tornado = new CompressionProperties();
    tornado.setEnabled(false);
    tornado.setMimeTypes(List.of("application/json"));

    Compression compression =
        ServerCompressionFallback.resolve(
            tornado, new BootCompression(true, List.of("text/csv"), null, null));

    assertThat(compression.enabled()).isFalse();
    assertThat(compression.mimeTypes()).isEqualTo(Set.of("application/json"));
  }

  @Test
  void readsServerCompressionFromTheEnvironment() {
    MockEnvironment environment =
        new MockEnvironment()
            .withProperty("server.compression.enabled", "true")
            .withProperty("server.compression.mime-types", "text/plain,application/json")
            .withProperty("server.compression.min-response-size", "1KB");

    BootCompression boot = BootCompression.from(environment);

    assertThat(boot)
        .isEqualTo(
            new BootCompression(
                true, List.of("text/plain", "application/json"), DataSize.ofKilobytes(1), null));
    assertThat(BootCompression.from(new MockEnvironment())).isEqualTo(BootCompression.NONE);
  }

  @Test
  void namesTheTornadoPropertyOfALevelOutOfRange() {
    CompressionProperties tornado = new CompressionProperties();
    tornado.setLevel(0);

    assertThatThrownBy(() -> ServerCompressionFallback.resolve(tornado, BootCompression.NONE))
        .hasMessage("tornado.http.compression.level: 0 (expected: 1 to 9)");
  }

  @Test
  void theRoutedServerGzipsWithServerCompressionAlone() {
    runner
        .withPropertyValues("server.compression.enabled=true")
        .run(
            context ->
                assertThat(get(httpPort(context)).header("Content-Encoding")).isEqualTo("gzip"));
  }

  @Test
  void theRoutedServerGzipsWithTheTornadoProperty() {
    runner
        .withPropertyValues("tornado.http.compression.enabled=true")
        .run(
            context -> {
              RawHttp.Response response = get(httpPort(context));
              assertThat(response.header("Content-Encoding")).isEqualTo("gzip");
              assertThat(response.header("Vary")).isEqualTo("Accept-Encoding");
              assertThat(gunzip(response.body())).isEqualTo(BIG);
            });
  }

  @Test
  void aTornadoValueWinsOverServerCompression() {
    runner
        .withPropertyValues(
            "server.compression.enabled=true", "tornado.http.compression.min-response-size=64KB")
        .run(context -> assertThat(get(httpPort(context)).header("Content-Encoding")).isNull());
  }

  @Test
  void theRoutedServerDoesNotCompressByDefault() {
    runner.run(
        context -> {
          RawHttp.Response response = get(httpPort(context));
          assertThat(response.header("Content-Encoding")).isNull();
          assertThat(response.text()).isEqualTo(BIG);
        });
  }

  @Test
  void theAccessLogPropertyWritesALinePerRequest() {
    runner
        .withPropertyValues(
            "tornado.http.access-log.enabled=true", "tornado.http.access-log.format=common")
        .run(
            context -> {
              get(httpPort(context));
              assertThat(awaitAccessLines())
                  .singleElement()
                  .asString()
                  .startsWith("127.0.0.1 - - [")
                  .endsWith("\"GET /big HTTP/1.1\" 200 " + BIG.length());
            });
  }

  @Test
  void noAccessLogByDefault() {
    runner.run(
        context -> {
          get(httpPort(context));
          assertThat(LogCapture.messages("tornado.access", Level.INFO)).isEmpty();
        });
  }

  /** The access lines so far, waiting up to 5 s for the first (it is written after the answer). */
  private static List<String> awaitAccessLines() throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    List<String> lines = LogCapture.messages("tornado.access", Level.INFO);
    while (lines.isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      lines = LogCapture.messages("tornado.access", Level.INFO);
    }
    return lines;
  }

  private static RawHttp.Response get(int port) throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      return http.request(
          "GET /big HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\n\r\n", false);
    }
  }

  private static String gunzip(byte[] body) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Answers every request with {@link #BIG} as text/plain. */
  @Configuration(proxyBeanMethods = false)
  static class BigText {
    @Bean
    HTTPServerConnectionDelegate bigText() {
      return BigText::answer;
    }

    private static HTTPMessageDelegate answer(Object server, HTTPConnection connection) {
      return new HTTPMessageDelegate() {
        @Override
        public CompletionStage<?> headersReceived(RequestStartLine line, HTTPHeaders headers) {
          return null;
        }

        @Override
        public void finish() {
          byte[] body = BIG.getBytes(StandardCharsets.UTF_8);
          HTTPHeaders headers = new HTTPHeaders();
          headers.add("Content-Type", "text/plain; charset=utf-8");
          headers.add("Content-Length", Integer.toString(body.length));
          connection.writeHeaders(ResponseStartLine.of(200), headers, ByteBuffer.wrap(body));
          connection.finish();
        }
      };
    }
  }
}
