package io.github.tornadoserver.spring;

import static io.github.tornadoserver.testing.TornadoContexts.httpPort;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.httputil.HTTPConnection;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPMessageDelegate;
import io.github.tornadoserver.httputil.HTTPServerConnectionDelegate;
import io.github.tornadoserver.httputil.RequestContext;
import io.github.tornadoserver.httputil.RequestStartLine;
import io.github.tornadoserver.httputil.ResponseStartLine;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.RawHttp;
import io.github.tornadoserver.testing.TornadoContexts;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

class ForwardHeadersTest {
  private static final String SPOOF =
      "GET / HTTP/1.1\r\nHost: backend\r\nX-Forwarded-For: 203.0.113.5\r\n"
          + "X-Forwarded-Proto: https\r\nX-Forwarded-Host: shop.example\r\n\r\n";

  private final ApplicationContextRunner runner =
      TornadoContexts.runner().withUserConfiguration(EchoContext.class);

  /** The properties bound from {@code environment}, as the starter binds them. */
  private static boolean honoured(MockEnvironment environment) {
    TornadoProperties properties =
        Binder.get(environment).bindOrCreate("tornado", TornadoProperties.class);
    return ForwardHeaders.honoured(properties.getHttp(), environment);
  }

  private static MockEnvironment env(String... keysAndValues) {
    MockEnvironment environment = new MockEnvironment();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      environment.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    return environment;
  }

  @Test
  void offByDefaultAsInTornado() {
    assertThat(honoured(env())).isFalse();
  }

  @Test
  void bootsStrategyDecidesWhenNoTornadoValueIsSet() {
    assertThat(honoured(env("server.forward-headers-strategy", "native"))).isTrue();
    assertThat(honoured(env("server.forward-headers-strategy", "NATIVE"))).isTrue();
    assertThat(honoured(env("server.forward-headers-strategy", "none"))).isFalse();
    assertThat(honoured(env("server.forward-headers-strategy", "framework"))).isFalse();
  }

  @Test
  void aTornadoValueWinsOverBoots() {
    MockEnvironment xheadersOff =
        env("server.forward-headers-strategy", "native", "tornado.http.xheaders", "false");
    assertThat(honoured(xheadersOff)).isFalse();
    MockEnvironment xheadersOn =
        env("server.forward-headers-strategy", "none", "tornado.http.xheaders", "true");
    assertThat(honoured(xheadersOn)).isTrue();
    MockEnvironment strategy =
        env(
            "server.forward-headers-strategy", "native",
            "tornado.http.xheaders", "true",
            "tornado.http.forwarded.strategy", "framework");
    assertThat(honoured(strategy)).isFalse();
    assertThat(honoured(env("tornado.http.forwarded.strategy", "native"))).isTrue();
  }

  @Test
  void aCloudPlatformWhoseProxySetsThemTurnsThemOnAsForBootsServers() {
    assertThat(honoured(env("spring.main.cloud-platform", "cloud_foundry"))).isTrue();
    assertThat(honoured(env("spring.main.cloud-platform", "none"))).isFalse();
    assertThat(
            honoured(
                env(
                    "spring.main.cloud-platform", "heroku",
                    "server.forward-headers-strategy", "none")))
        .isFalse();
  }

  @Test
  void theForwardedPropertiesBind() {
    MapConfigurationPropertySource source = new MapConfigurationPropertySource();
    source.put("tornado.http.forwarded.trusted-proxies", "10.0.0.0/8, 192.0.2.7");
    source.put("tornado.http.forwarded.client-header", "x-forwarded-for");
    source.put("tornado.http.forwarded.scheme-header", "forwarded");
    source.put("tornado.http.forwarded.strategy", "native");
    TornadoProperties.Forwarded forwarded =
        new Binder(source)
            .bindOrCreate("tornado", TornadoProperties.class)
            .getHttp()
            .getForwarded();
    assertThat(forwarded.getTrustedProxies()).containsExactly("10.0.0.0/8", "192.0.2.7");
    assertThat(forwarded.trustedPeers().toString())
        .isEqualTo("TrustedPeers[10.0.0.0/8, 192.0.2.7]");
    assertThat(forwarded.getClientHeader().name()).isEqualTo("X_FORWARDED_FOR");
    assertThat(forwarded.getSchemeHeader().name()).isEqualTo("FORWARDED");
    assertThat(forwarded.getStrategy()).isEqualTo(TornadoProperties.ForwardHeadersStrategy.NATIVE);
    assertThat(new TornadoProperties.Forwarded().trustedPeers()).isNull();
  }

  @Test
  void theRoutedServerHonoursBootsNativeStrategy() {
    runner
        .withPropertyValues("server.forward-headers-strategy=native")
        .run(
            context ->
                assertThat(RawHttp.get(httpPort(context), "/").text())
                    .isEqualTo("127.0.0.1 http null"));
    runner
        .withPropertyValues("server.forward-headers-strategy=native")
        .run(context -> assertThat(exchange(context)).isEqualTo("203.0.113.5 https shop.example"));
  }

  @Test
  void theRoutedServerLeavesTheFrameworkStrategyToSpring() {
    runner
        .withPropertyValues("server.forward-headers-strategy=framework")
        .run(context -> assertThat(exchange(context)).isEqualTo("127.0.0.1 http null"));
  }

  @Test
  void theRoutedServerIgnoresPeersThatAreNotTrustedProxies() {
    runner
        .withPropertyValues(
            "tornado.http.xheaders=true", "tornado.http.forwarded.trusted-proxies=10.0.0.0/8")
        .run(context -> assertThat(exchange(context)).isEqualTo("127.0.0.1 http null"));
    runner
        .withPropertyValues(
            "tornado.http.xheaders=true", "tornado.http.forwarded.trusted-proxies=127.0.0.1")
        .run(context -> assertThat(exchange(context)).isEqualTo("203.0.113.5 https shop.example"));
  }

  @Test
  void anInvalidTrustedProxyIsNamedWithItsProperty() {
    LogCapture.expect(
        TornadoAutoConfigurationTest.CONTEXT_LOGGER, Level.WARN, "cancelling refresh attempt");
    runner
        .withPropertyValues("tornado.http.forwarded.trusted-proxies=10.0.0.0/33")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining(
                        "tornado.http.forwarded.trusted-proxies: trusted peer \"10.0.0.0/33\""));
  }

  private static String exchange(org.springframework.context.ApplicationContext context)
      throws java.io.IOException {
    try (RawHttp http = new RawHttp(httpPort(context))) {
      return http.request(SPOOF, false).text();
    }
  }

  /** Answers every request with the client, scheme and forwarded host it was given. */
  @Configuration(proxyBeanMethods = false)
  static class EchoContext {
    @Bean
    HTTPServerConnectionDelegate echoContext() {
      return (server, connection) -> echo(connection);
    }

    private static HTTPMessageDelegate echo(HTTPConnection connection) {
      return new HTTPMessageDelegate() {
        @Override
        public CompletionStage<?> headersReceived(RequestStartLine line, HTTPHeaders headers) {
          return null;
        }

        @Override
        public void finish() {
          RequestContext context = connection.context();
          byte[] body =
              (context.remoteIp() + " " + context.protocol() + " " + context.forwardedHost())
                  .getBytes(StandardCharsets.US_ASCII);
          HTTPHeaders headers = new HTTPHeaders();
          headers.set("Content-Length", String.valueOf(body.length));
          connection.writeHeaders(
              ResponseStartLine.of(200), headers, java.nio.ByteBuffer.wrap(body));
          connection.finish();
        }
      };
    }
  }
}
