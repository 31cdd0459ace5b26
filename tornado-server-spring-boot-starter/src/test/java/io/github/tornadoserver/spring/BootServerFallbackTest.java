package io.github.tornadoserver.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.spring.http.TornadoRoutingAutoConfiguration;
import io.github.tornadoserver.tls.SSLOptions;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

/** Boot's {@code server.*} fills in the {@code tornado.*} values that are not set. */
class BootServerFallbackTest {
  private final ApplicationContextRunner runner = runner(WebApplicationType.NONE);

  private static ApplicationContextRunner runner(WebApplicationType type) {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                TornadoAutoConfiguration.class, TornadoRoutingAutoConfiguration.class))
        .withInitializer(context -> BootServerFallback.addTo(context.getEnvironment(), type))
        .withPropertyValues("tornado.http.enabled=false");
  }

  @Test
  void serverPortAndAddressApplyWhenTheTornadoOnesAreNotSet() {
    runner
        .withPropertyValues("server.port=9123", "server.address=127.0.0.1")
        .run(
            context -> {
              TornadoProperties.Http http = context.getBean(TornadoProperties.class).getHttp();
              assertThat(http.getPort()).isEqualTo(9123);
              assertThat(http.getAddress()).isEqualTo("127.0.0.1");
            });
  }

  @Test
  void aTornadoValueWinsOverItsServerTwin() {
    runner
        .withPropertyValues(
            "server.port=9123",
            "tornado.http.port=9124",
            "server.max-http-request-header-size=4KB",
            "tornado.http.max-header-size=2KB",
            "server.shutdown=immediate",
            "tornado.shutdown=graceful")
        .run(
            context -> {
              TornadoProperties properties = context.getBean(TornadoProperties.class);
              assertThat(properties.getHttp().getPort()).isEqualTo(9124);
              assertThat(properties.getHttp().getMaxHeaderSize())
                  .isEqualTo(DataSize.ofKilobytes(2));
              assertThat(properties.getShutdown()).isEqualTo(TornadoProperties.Shutdown.GRACEFUL);
            });
  }

  @Test
  void withNeitherSetTheTornadoDefaultsApply() {
    runner.run(
        context -> {
          TornadoProperties.Http http = context.getBean(TornadoProperties.class).getHttp();
          assertThat(http.getPort()).isEqualTo(8888);
          assertThat(http.getAddress()).isNull();
          assertThat(http.getSsl().getBundle()).isNull();
        });
  }

  @Test
  void theSslBundleAndClientAuthComeFromServerSsl() {
    runner
        .withPropertyValues("server.ssl.bundle=web", "server.ssl.client-auth=want")
        .run(
            context -> {
              TornadoProperties.Ssl ssl =
                  context.getBean(TornadoProperties.class).getHttp().getSsl();
              assertThat(ssl.getBundle()).isEqualTo("web");
              assertThat(ssl.getClientAuth()).isEqualTo(SSLOptions.ClientAuth.OPTIONAL);
            });
  }

  @Test
  void serverShutdownImmediateTurnsTheDrainOff() {
    runner
        .withPropertyValues("server.shutdown=immediate")
        .run(
            context -> {
              assertThat(context.getBean(TornadoProperties.class).getShutdown())
                  .isEqualTo(TornadoProperties.Shutdown.IMMEDIATE);
              assertThat(context).doesNotHaveBean(TornadoGracefulShutdownLifecycle.class);
            });
  }

  @Test
  void theMaxHeaderSizeComesFromServerMaxHttpRequestHeaderSize() {
    runner
        .withPropertyValues("server.max-http-request-header-size=16KB")
        .run(
            context ->
                assertThat(context.getBean(TornadoProperties.class).getHttp().getMaxHeaderSize())
                    .isEqualTo(DataSize.ofKilobytes(16)));
  }

  @Test
  void inAWebApplicationWhereToListenIsLeftToItsWebServer() {
    runner(WebApplicationType.REACTIVE)
        .withPropertyValues(
            "server.port=9123",
            "server.address=127.0.0.1",
            "server.ssl.bundle=web",
            "server.max-http-request-header-size=16KB")
        .run(
            context -> {
              TornadoProperties.Http http = context.getBean(TornadoProperties.class).getHttp();
              assertThat(http.getPort()).isEqualTo(8888);
              assertThat(http.getAddress()).isNull();
              assertThat(http.getSsl().getBundle()).isNull();
              assertThat(http.getMaxHeaderSize()).isEqualTo(DataSize.ofKilobytes(16));
            });
  }

  @Test
  void theRoutedServerListensOnlyOnServerAddress() {
    runner
        .withPropertyValues(
            "tornado.http.enabled=true", "server.port=0", "server.address=127.0.0.1")
        .run(
            context -> {
              TornadoServerLifecycle server = context.getBean(TornadoServerLifecycle.class);
              int port =
                  context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
              assertThat(server.addresses())
                  .containsExactly(new InetSocketAddress("127.0.0.1", port));
            });
  }

  @Test
  void theFallbackIsLookedUpWhenAskedForSoLaterServerValuesAreSeen() {
    runner.run(
        context -> {
          BootServerFallback fallback =
              (BootServerFallback)
                  context.getEnvironment().getPropertySources().get(BootServerFallback.NAME);
          assertThat(fallback.twinOf("tornado.http.port")).isEqualTo("server.port");
          assertThat(fallback.getProperty("tornado.http.port")).isNull();
          assertThat(fallback.getProperty("server.port")).isNull();
        });
  }
}
