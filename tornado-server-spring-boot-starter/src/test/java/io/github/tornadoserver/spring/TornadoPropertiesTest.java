package io.github.tornadoserver.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tornadoserver.http1connection.HTTP1ConnectionParameters;
import io.github.tornadoserver.iostream.StreamOptions;
import io.github.tornadoserver.netutil.NetUtil;
import io.github.tornadoserver.tcpserver.ProxyProtocol;
import io.github.tornadoserver.tls.SSLOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

class TornadoPropertiesTest {
  private final TornadoProperties defaults = new TornadoProperties();

  @Test
  void httpDefaultsAreTheCoreDefaultsButTheTwoTimeouts() {
    TornadoProperties.Http http = defaults.getHttp();
    HTTP1ConnectionParameters core = HTTP1ConnectionParameters.defaults();
    assertThat(http.getChunkSize().toBytes()).isEqualTo(core.chunkSize());
    assertThat(http.getMaxHeaderSize().toBytes()).isEqualTo(core.maxHeaderSize());
    assertThat(http.getMaxBodySize().toBytes()).isEqualTo(core.maxBodySize());
    assertThat(http.isNoKeepAlive()).isEqualTo(core.noKeepAlive());
    assertThat(http.isDecompressRequest()).isEqualTo(core.decompress());
    assertThat(http.getMaxRequestsPerConnection()).isEqualTo(core.maxRequestsPerConnection());
    assertThat(http.getMaxBufferSize().toBytes()).isEqualTo(StreamOptions.DEFAULT_MAX_BUFFER_SIZE);
  }

  @Test
  void theTimeoutsDefaultToProductionValuesNotTheCores() {
    TornadoProperties.Http http = defaults.getHttp();
    HTTP1ConnectionParameters core = HTTP1ConnectionParameters.defaults();
    assertThat(core.headerTimeout()).isEqualTo(Duration.ofHours(1));
    assertThat(core.bodyTimeout()).isNull();
    assertThat(http.getIdleConnectionTimeout()).isEqualTo(Duration.ofSeconds(75));
    assertThat(http.getBodyTimeout()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void httpDefaultsOfTheServerItself() {
    TornadoProperties.Http http = defaults.getHttp();
    assertThat(http.isEnabled()).isTrue();
    assertThat(http.getPort()).isEqualTo(8888);
    assertThat(http.getAddress()).isNull();
    assertThat(http.getUnixSocket()).isNull();
    assertThat(http.isXheaders()).isFalse();
    assertThat(http.getTrustedDownstream()).isEmpty();
    assertThat(http.getProtocol()).isNull();
    assertThat(http.getMaxConnections()).isZero();
    assertThat(http.getHandlerExecution()).isEqualTo(TornadoProperties.HandlerExecution.LOOP);
  }

  @Test
  void listeningDefaultsAreTheCoreDefaultsForBothServers() {
    for (TornadoProperties.Listener listener :
        new TornadoProperties.Listener[] {defaults.getHttp(), defaults.getTcp()}) {
      assertThat(listener.getBacklog()).isEqualTo(NetUtil.DEFAULT_BACKLOG);
      assertThat(listener.isReusePort()).isFalse();
      assertThat(listener.getProcesses()).isEqualTo(1);
      assertThat(listener.getSsl().isEnabled()).isTrue();
      assertThat(listener.getSsl().getBundle()).isNull();
      assertThat(listener.getSsl().getClientAuth()).isEqualTo(SSLOptions.ClientAuth.NONE);
      assertThat(listener.getSsl().tlsActive()).isFalse();
    }
    assertThat(defaults.getTcp().getPort()).isEqualTo(8889);
    assertThat(defaults.getTcp().getMaxBufferSize().toBytes())
        .isEqualTo(StreamOptions.DEFAULT_MAX_BUFFER_SIZE);
  }

  @Test
  void theProxyProtocolIsOffByDefaultWithTheCoreLimits() {
    for (TornadoProperties.Listener listener :
        new TornadoProperties.Listener[] {defaults.getHttp(), defaults.getTcp()}) {
      TornadoProperties.Proxy proxy = listener.getProxyProtocol();
      assertThat(proxy.getMode()).isEqualTo(ProxyProtocol.Mode.OFF);
      assertThat(proxy.getTrustedPeers()).isEmpty();
      assertThat(proxy.getMaxHeaderLength().toBytes())
          .isEqualTo(ProxyProtocol.DEFAULT_MAX_HEADER_LENGTH);
      assertThat(proxy.getTimeout()).isEqualTo(ProxyProtocol.DEFAULT_TIMEOUT);
      assertThat(proxy.toOptions("tornado.http.proxy-protocol")).isEqualTo(ProxyProtocol.off());
    }
  }

  @Test
  void theProxyProtocolPropertiesMakeTheCoreOptionOrNameWhatIsWrong() {
    TornadoProperties.Proxy proxy = new TornadoProperties.Proxy();
    proxy.setMode(ProxyProtocol.Mode.REQUIRED);
    assertThatThrownBy(() -> proxy.toOptions("tornado.http.proxy-protocol"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tornado.http.proxy-protocol: proxy protocol REQUIRED with no");
    proxy.setTrustedPeers(List.of("10.0.0.0/8", "unix"));
    proxy.setTimeout(Duration.ofSeconds(3));
    ProxyProtocol options = proxy.toOptions("tornado.http.proxy-protocol");
    assertThat(options.mode()).isEqualTo(ProxyProtocol.Mode.REQUIRED);
    assertThat(options.trustedPeers().trusts("10.1.2.3")).isTrue();
    assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(3));
    proxy.setTrustedPeers(List.of("10.0.0.0/99"));
    assertThatThrownBy(() -> proxy.toOptions("tornado.tcp.proxy-protocol"))
        .hasMessageStartingWith("tornado.tcp.proxy-protocol: trusted peer \"10.0.0.0/99\"");
  }

  @Test
  void resolverAndShutdownDefaults() {
    assertThat(defaults.getResolver().getType()).isEqualTo("default");
    assertThat(defaults.getResolver().getThreads()).isEqualTo(10);
    assertThat(defaults.getResolver().getOverrides()).isEmpty();
    assertThat(defaults.getShutdown()).isEqualTo(TornadoProperties.Shutdown.GRACEFUL);
  }

  @Test
  void everyPropertyBindsFromItsKebabCaseName() {
    new ApplicationContextRunner()
        .withUserConfiguration(Config.class)
        .withPropertyValues(
            "tornado.http.enabled=false",
            "tornado.http.port=9000",
            "tornado.http.address=127.0.0.1",
            "tornado.http.unix-socket=/tmp/t.sock",
            "tornado.http.reuse-port=true",
            "tornado.http.backlog=64",
            "tornado.http.processes=0",
            "tornado.http.no-keep-alive=true",
            "tornado.http.xheaders=true",
            "tornado.http.trusted-downstream=10.0.0.1,10.0.0.2",
            "tornado.http.protocol=https",
            "tornado.http.decompress-request=true",
            "tornado.http.chunk-size=16KB",
            "tornado.http.max-header-size=8KB",
            "tornado.http.max-body-size=1MB",
            "tornado.http.max-buffer-size=2MB",
            "tornado.http.idle-connection-timeout=30s",
            "tornado.http.body-timeout=5s",
            "tornado.http.max-connections=100",
            "tornado.http.max-requests-per-connection=7",
            "tornado.http.handler-execution=virtual-threads",
            "tornado.http.ssl.enabled=false",
            "tornado.http.ssl.bundle=web",
            "tornado.http.ssl.client-auth=required",
            "tornado.tcp.port=9001",
            "tornado.tcp.max-buffer-size=1KB",
            "tornado.resolver.type=override",
            "tornado.resolver.threads=3",
            "tornado.resolver.overrides[example.com]=127.0.0.1",
            "tornado.shutdown=immediate")
        .run(
            context -> {
              TornadoProperties properties = context.getBean(TornadoProperties.class);
              TornadoProperties.Http http = properties.getHttp();
              assertThat(http.isEnabled()).isFalse();
              assertThat(http.getPort()).isEqualTo(9000);
              assertThat(http.getAddress()).isEqualTo("127.0.0.1");
              assertThat(http.getUnixSocket()).isEqualTo("/tmp/t.sock");
              assertThat(http.isReusePort()).isTrue();
              assertThat(http.getBacklog()).isEqualTo(64);
              assertThat(http.getProcesses()).isZero();
              assertThat(http.isNoKeepAlive()).isTrue();
              assertThat(http.isXheaders()).isTrue();
              assertThat(http.getTrustedDownstream()).containsExactly("10.0.0.1", "10.0.0.2");
              assertThat(http.getProtocol()).isEqualTo("https");
              assertThat(http.isDecompressRequest()).isTrue();
              assertThat(http.getChunkSize()).isEqualTo(DataSize.ofKilobytes(16));
              assertThat(http.getMaxHeaderSize()).isEqualTo(DataSize.ofKilobytes(8));
              assertThat(http.getMaxBodySize()).isEqualTo(DataSize.ofMegabytes(1));
              assertThat(http.getMaxBufferSize()).isEqualTo(DataSize.ofMegabytes(2));
              assertThat(http.getIdleConnectionTimeout()).isEqualTo(Duration.ofSeconds(30));
              assertThat(http.getBodyTimeout()).isEqualTo(Duration.ofSeconds(5));
              assertThat(http.getMaxConnections()).isEqualTo(100);
              assertThat(http.getMaxRequestsPerConnection()).isEqualTo(7);
              assertThat(http.getHandlerExecution())
                  .isEqualTo(TornadoProperties.HandlerExecution.VIRTUAL_THREADS);
              assertThat(http.getSsl().isEnabled()).isFalse();
              assertThat(http.getSsl().getBundle()).isEqualTo("web");
              assertThat(http.getSsl().getClientAuth()).isEqualTo(SSLOptions.ClientAuth.REQUIRED);
              assertThat(http.getSsl().tlsActive()).isFalse();
              assertThat(properties.getTcp().getPort()).isEqualTo(9001);
              assertThat(properties.getTcp().getMaxBufferSize()).isEqualTo(DataSize.ofKilobytes(1));
              assertThat(properties.getResolver().getType()).isEqualTo("override");
              assertThat(properties.getResolver().getThreads()).isEqualTo(3);
              assertThat(properties.getResolver().getOverrides())
                  .containsEntry("example.com", "127.0.0.1");
              assertThat(properties.getShutdown()).isEqualTo(TornadoProperties.Shutdown.IMMEDIATE);
            });
  }

  @EnableConfigurationProperties(TornadoProperties.class)
  static class Config {}
}
