package io.github.tornadoserver.tcpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tornadoserver.iostream.StreamOptions;
import io.github.tornadoserver.tls.SSLOptions;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectOptionsTest {
  @Test
  void theDefaultsSetNothing() {
    ConnectOptions options = ConnectOptions.defaults();
    assertThat(options)
        .isEqualTo(new ConnectOptions(null, null, 0, null, 0, null))
        .isEqualTo(ConnectOptions.builder().build());
    assertThat(options.streamOptions()).isEqualTo(StreamOptions.defaults());
    assertThat(options.effectiveFamily()).isNull();
  }

  @Test
  void changingTheBuilderAfterBuildDoesNotChangeWhatItBuilt() {
    ConnectOptions.Builder builder =
        ConnectOptions.builder().maxBufferSize(1024).timeout(Duration.ofSeconds(2));
    ConnectOptions built = builder.build();

    builder
        .family(StandardProtocolFamily.INET)
        .sslOptions(SSLOptions.defaultClient())
        .maxBufferSize(4096)
        .sourceIp("127.0.0.1")
        .sourcePort(5000)
        .timeout(Duration.ofSeconds(9));

    assertThat(built)
        .isEqualTo(new ConnectOptions(null, null, 1024, null, 0, Duration.ofSeconds(2)));
    assertThat(builder.build().sslOptions()).isSameAs(SSLOptions.defaultClient());
  }

  @Test
  void theBuilderSetsEveryOption() {
    ConnectOptions options =
        ConnectOptions.builder()
            .family(StandardProtocolFamily.INET6)
            .maxBufferSize(1024)
            .sourceIp("::1")
            .sourcePort(5000)
            .timeout(Duration.ofSeconds(2))
            .build();
    assertThat(options.family()).isEqualTo(StandardProtocolFamily.INET6);
    assertThat(options.streamOptions().maxBufferSize()).isEqualTo(1024);
    assertThat(options.sourceIp()).isEqualTo("::1");
    assertThat(options.sourcePort()).isEqualTo(5000);
    assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aSourceIpDecidesTheFamily() {
    assertThat(ConnectOptions.builder().sourceIp("127.0.0.1").build().effectiveFamily())
        .isEqualTo(StandardProtocolFamily.INET);
  }

  @Test
  void outOfRangeValuesAreRefusedQuotingThem() {
    assertThatThrownBy(() -> ConnectOptions.builder().maxBufferSize(1).build())
        .hasMessage("maxBufferSize: 1 (expected: >= 2, or 0 for the default)");
    assertThatThrownBy(() -> ConnectOptions.builder().sourcePort(70000).build())
        .hasMessage("sourcePort: 70000 (expected: 1..65535, or 0 for any)");
    assertThatThrownBy(() -> ConnectOptions.builder().sourceIp("localhost").build())
        .hasMessage("sourceIp: \"localhost\" (expected: an IP literal)");
    assertThatThrownBy(() -> ConnectOptions.builder().timeout(Duration.ZERO).build())
        .hasMessage("timeout: PT0S (expected: > 0, or null for none)");
    assertThatThrownBy(() -> ConnectOptions.builder().family(StandardProtocolFamily.UNIX).build())
        .hasMessage("family: UNIX (expected: INET, INET6 or null for either)");
    assertThatThrownBy(
            () ->
                ConnectOptions.builder()
                    .family(StandardProtocolFamily.INET6)
                    .sourceIp("127.0.0.1")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sourceIp: \"127.0.0.1\" (expected: an address of family INET6)");
  }
}
