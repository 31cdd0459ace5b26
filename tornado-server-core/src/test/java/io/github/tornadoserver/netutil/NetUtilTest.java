package io.github.tornadoserver.netutil;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.testing.TestCertificates;
import io.github.tornadoserver.tls.SSLOptions;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

/**
 * The TLS aliases of the facade; binding, accepting and IP text have their own test classes, which
 * call the facade too.
 */
class NetUtilTest {
  @Test
  void sslOptionsToContextIsTheOptionsContext() {
    SSLOptions server = TestCertificates.server();

    assertThat(NetUtil.sslOptionsToContext(server)).isSameAs(server.context());
  }

  @Test
  void sslWrapSocketMakesAConfiguredEngineForEitherSide() {
    SSLEngine server = NetUtil.sslWrapSocket(TestCertificates.server(), true, null, null);
    SSLEngine client =
        NetUtil.sslWrapSocket(
            TestCertificates.client(), false, null, new InetSocketAddress("localhost", 443));

    assertThat(server.getUseClientMode()).isFalse();
    assertThat(client.getUseClientMode()).isTrue();
    assertThat(client.getPeerHost()).isEqualTo("localhost");
    assertThat(client.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
  }
}
