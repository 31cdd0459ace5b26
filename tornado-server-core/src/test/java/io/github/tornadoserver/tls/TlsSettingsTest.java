package io.github.tornadoserver.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tornadoserver.tls.SSLOptions.ClientAuth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsSettingsTest {
  @Test
  void defaultsAskNoClientCertificateAndCheckHostnames() {
    TlsSettings defaults = TlsSettings.defaults();

    assertThat(defaults.clientAuth()).isEqualTo(ClientAuth.NONE);
    assertThat(defaults.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(defaults.ciphers()).isEmpty();
    assertThat(defaults.checkHostname()).isTrue();
  }

  @Test
  void theValueChecksWhatTheBuilderChecks() {
    assertThatThrownBy(() -> new TlsSettings(ClientAuth.NONE, List.of(), List.of(), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("protocols: [] (expected: at least one)");
    assertThatThrownBy(
            () -> new TlsSettings(ClientAuth.NONE, List.of("TLSv1.3"), List.of("A:B"), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ciphers: [A:B] (expected: JSSE cipher suite names");
    assertThatThrownBy(() -> new TlsSettings(null, List.of("TLSv1.3"), List.of(), true))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("clientAuth");
  }

  @Test
  void namesAreDeduplicatedInOrderAndCopied() {
    List<String> protocols = new ArrayList<>(Arrays.asList("TLSv1.2", "TLSv1.3", "TLSv1.2"));

    TlsSettings settings = new TlsSettings(ClientAuth.NONE, protocols, List.of(), false);
    protocols.clear();

    assertThat(settings.protocols()).containsExactly("TLSv1.2", "TLSv1.3");
  }
}
