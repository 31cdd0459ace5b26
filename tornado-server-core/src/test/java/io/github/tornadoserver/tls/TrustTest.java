package io.github.tornadoserver.tls;

import static io.github.tornadoserver.testing.TestCertificates.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrustTest {
  @Test
  void onlyTrustingEverythingLeavesThePeerUnverified() {
    assertThat(Trust.jdkDefault().verifiesPeer()).isTrue();
    assertThat(Trust.pemFile(resource("ca.pem")).verifiesPeer()).isTrue();
    assertThat(Trust.everything().verifiesPeer()).isFalse();
  }

  @Test
  void aPemFileIsNamedAndRequired() {
    assertThat(Trust.pemFile(resource("ca.pem"))).isEqualTo(new Trust.PemFile(resource("ca.pem")));
    assertThatThrownBy(() -> Trust.pemFile(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("trustedCertificates");
  }

  @Test
  void aMissingTrustFileIsReportedWhenTheOptionsAreBuiltNamingIt() {
    Trust missing = Trust.pemFile(resource("ca.pem").resolveSibling("no-such-ca.pem"));

    assertThatThrownBy(() -> SSLOptions.withoutKey().trust(missing).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("no-such-ca.pem does not exist");
  }
}
