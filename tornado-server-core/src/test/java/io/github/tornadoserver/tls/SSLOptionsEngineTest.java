package io.github.tornadoserver.tls;

import static io.github.tornadoserver.testing.TestCertificates.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tornadoserver.testing.TestCertificates;
import io.github.tornadoserver.tls.InMemoryHandshake.Connection;
import io.github.tornadoserver.tls.SSLOptions.ClientAuth;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.Test;

/** {@code createEngine} (Tornado's ssl_wrap_socket) and real handshakes between its engines. */
class SSLOptionsEngineTest {
  private static SSLOptions otherHostServer() {
    return SSLOptions.pemFiles(resource("other.pem"), resource("other.key")).build();
  }

  private static NoKeyOptions.Builder clientTrustingOtherHost() {
    return SSLOptions.withoutKey().trustedCertificates(resource("other.pem"));
  }

  @Test
  void clientEngineSendsSniAndChecksTheHostname() {
    SSLEngine engine = TestCertificates.client().createEngine(false, "localhost", null);
    SSLParameters parameters = engine.getSSLParameters();

    assertThat(engine.getUseClientMode()).isTrue();
    assertThat(engine.getPeerHost()).isEqualTo("localhost");
    assertThat(parameters.getServerNames()).containsExactly(new SNIHostName("localhost"));
    assertThat(parameters.getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
    assertThat(engine.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
  }

  @Test
  void trailingDotIsLeftOutOfSni() {
    SSLEngine engine = TestCertificates.client().createEngine(false, "localhost.", null);

    assertThat(engine.getSSLParameters().getServerNames())
        .containsExactly(new SNIHostName("localhost"));
  }

  @Test
  void ipLiteralsGetNoSni() {
    for (String host : new String[] {"127.0.0.1", "::1", "[::1]"}) {
      SSLEngine engine = TestCertificates.client().createEngine(false, host, null);

      assertThat(engine.getSSLParameters().getServerNames()).as(host).isEmpty();
      assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
    }
  }

  @Test
  void hostnameDefaultsToThePeersHost() {
    SSLEngine engine =
        TestCertificates.client()
            .createEngine(false, null, InetSocketAddress.createUnresolved("localhost", 8443));

    assertThat(engine.getPeerHost()).isEqualTo("localhost");
    assertThat(engine.getPeerPort()).isEqualTo(8443);
    assertThat(engine.getSSLParameters().getServerNames())
        .containsExactly(new SNIHostName("localhost"));
  }

  @Test
  void hostnameCheckWithoutAnyHostIsRefused() {
    assertThatThrownBy(() -> TestCertificates.client().createEngine(false, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "serverHostname: null (expected: the server's host name, or a peer address, for"
                + " checkHostname)");

    SSLEngine unchecked =
        SSLOptions.withoutKey().checkHostname(false).build().createEngine(false, null, null);
    assertThat(unchecked.getSSLParameters().getEndpointIdentificationAlgorithm()).isNull();
    assertThat(unchecked.getSSLParameters().getServerNames()).isEmpty();
  }

  @Test
  void serverEngineAsksForClientCertificatesPerClientAuth() {
    SSLOptions server = TestCertificates.server();

    SSLEngine none = server.createEngine(true, null, null);
    SSLEngine optional =
        server.toBuilder().clientAuth(ClientAuth.OPTIONAL).build().createEngine(true, null, null);
    SSLEngine required = TestCertificates.serverWithClientAuth().createEngine(true, null, null);

    assertThat(none.getUseClientMode()).isFalse();
    assertThat(none.getNeedClientAuth()).isFalse();
    assertThat(none.getWantClientAuth()).isFalse();
    assertThat(optional.getWantClientAuth()).isTrue();
    assertThat(optional.getNeedClientAuth()).isFalse();
    assertThat(required.getNeedClientAuth()).isTrue();
  }

  @Test
  void serverEngineWithoutKeyMaterialIsRefused() {
    assertThatThrownBy(() -> TestCertificates.client().createEngine(true, null, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("serverSide: true with SSLOptions[no key")
        .hasMessageEndingWith("(expected: key material: PEM files, a key store, or a context)");
  }

  @Test
  void serverReceivesTheSniName() throws Exception {
    Connection connection =
        InMemoryHandshake.connect(
            TestCertificates.server(), TestCertificates.client(), "localhost");

    assertThat(((ExtendedSSLSession) connection.server().getSession()).getRequestedServerNames())
        .containsExactly(new SNIHostName("localhost"));
  }

  @Test
  void ipLiteralsMatchTheCertificatesIpAddresses() throws Exception {
    for (String host : new String[] {"127.0.0.1", "::1", "[::1]"}) {
      Connection connection =
          InMemoryHandshake.connect(TestCertificates.server(), TestCertificates.client(), host);

      assertThat(((ExtendedSSLSession) connection.server().getSession()).getRequestedServerNames())
          .as(host)
          .isEmpty();
    }
  }

  @Test
  void requiredClientAuthFailsWithoutAClientCertificate() {
    assertThatThrownBy(
            () ->
                InMemoryHandshake.connect(
                    TestCertificates.serverWithClientAuth(),
                    TestCertificates.client(),
                    "localhost"))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void requiredClientAuthSucceedsWithAClientCertificate() throws Exception {
    Connection connection =
        InMemoryHandshake.connect(
            TestCertificates.serverWithClientAuth(),
            TestCertificates.clientWithCertificate(),
            "localhost");

    assertThat(connection.server().getSession().getPeerPrincipal().getName())
        .isEqualTo("CN=tornado-server test client");
  }

  @Test
  void optionalClientAuthAcceptsClientsWithAndWithoutCertificates() throws Exception {
    SSLOptions server =
        TestCertificates.serverWithClientAuth().toBuilder().clientAuth(ClientAuth.OPTIONAL).build();

    Connection anonymous =
        InMemoryHandshake.connect(server, TestCertificates.client(), "localhost");
    Connection identified =
        InMemoryHandshake.connect(server, TestCertificates.clientWithCertificate(), "localhost");

    assertThat(anonymous.server().getSession().getLocalCertificates()).isNotEmpty();
    assertThatThrownBy(() -> anonymous.server().getSession().getPeerCertificates())
        .isInstanceOf(SSLPeerUnverifiedException.class);
    assertThat(identified.server().getSession().getPeerPrincipal().getName())
        .isEqualTo("CN=tornado-server test client");
  }

  @Test
  void clientCertificateFromAnUntrustedCaIsRefused() {
    // The server names the issuers it trusts; the JDK client then has no certificate to offer.
    SSLOptions server =
        TestCertificates.server().toBuilder()
            .trustedCertificates(resource("other.pem"))
            .clientAuth(ClientAuth.REQUIRED)
            .build();

    assertThatThrownBy(
            () ->
                InMemoryHandshake.connect(
                    server, TestCertificates.clientWithCertificate(), "localhost"))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void hostnameCheckRefusesACertificateForAnotherHost() {
    assertThatThrownBy(
            () ->
                InMemoryHandshake.connect(
                    otherHostServer(), clientTrustingOtherHost().build(), "localhost"))
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("localhost");
  }

  @Test
  void certificateForTheRightHostPassesTheHostnameCheck() throws Exception {
    Connection connection =
        InMemoryHandshake.connect(
            otherHostServer(), clientTrustingOtherHost().build(), "other.invalid");

    assertThat(connection.client().getSession().getPeerPrincipal().getName())
        .isEqualTo("CN=other.invalid");
  }

  @Test
  void hostnameCheckOffAcceptsAnotherHostButStillVerifiesTheChain() throws Exception {
    InMemoryHandshake.connect(
        otherHostServer(), clientTrustingOtherHost().checkHostname(false).build(), "localhost");

    SSLOptions trustsOnlyTheTestCa =
        TestCertificates.client().toBuilder().checkHostname(false).build();
    assertThatThrownBy(
            () -> InMemoryHandshake.connect(otherHostServer(), trustsOnlyTheTestCa, "localhost"))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void verifyPeerFalseAcceptsAnyCertificate() throws Exception {
    SSLOptions insecure = SSLOptions.withoutKey().trust(Trust.everything()).build();

    Connection connection = InMemoryHandshake.connect(otherHostServer(), insecure, "localhost");

    assertThat(connection.client().getSession().getPeerPrincipal().getName())
        .isEqualTo("CN=other.invalid");
  }

  @Test
  void defaultClientDoesNotTrustTheTestCa() {
    assertThatThrownBy(
            () ->
                InMemoryHandshake.connect(
                    TestCertificates.server(), SSLOptions.defaultClient(), "localhost"))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void protocolsDecideTheNegotiatedVersion() throws Exception {
    SSLOptions tls12Server = TestCertificates.server().toBuilder().protocols("TLSv1.2").build();

    Connection connection =
        InMemoryHandshake.connect(tls12Server, TestCertificates.client(), "localhost");

    assertThat(connection.client().getSession().getProtocol()).isEqualTo("TLSv1.2");
  }

  @Test
  void ciphersDecideTheNegotiatedSuite() throws Exception {
    SSLOptions server =
        TestCertificates.server().toBuilder().ciphers("TLS_CHACHA20_POLY1305_SHA256").build();

    Connection connection =
        InMemoryHandshake.connect(server, TestCertificates.client(), "localhost");

    assertThat(connection.client().getSession().getCipherSuite())
        .isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
  }

  @Test
  void supplierIsAskedForEachEngineSoANewCertificateAppliesToNewConnections() throws Exception {
    List<SSLContext> contexts =
        List.of(
            TestCertificates.server().context(),
            SSLOptions.pemFiles(resource("server-ec.pem"), resource("server-ec-sec1.key"))
                .build()
                .context());
    AtomicInteger calls = new AtomicInteger();
    SSLOptions server =
        SSLOptions.ofContext(() -> contexts.get(calls.getAndIncrement() % contexts.size()));
    assertThat(calls).hasValue(0);

    Connection first = InMemoryHandshake.connect(server, TestCertificates.client(), "localhost");
    Connection second = InMemoryHandshake.connect(server, TestCertificates.client(), "localhost");

    assertThat(calls).hasValue(2);
    assertThat(leafKeyAlgorithm(first)).isEqualTo("RSA");
    assertThat(leafKeyAlgorithm(second)).isEqualTo("EC");
  }

  private static String leafKeyAlgorithm(Connection connection) throws Exception {
    return ((X509Certificate) connection.client().getSession().getPeerCertificates()[0])
        .getPublicKey()
        .getAlgorithm();
  }

  @Test
  void supplierReturningNullIsReported() {
    SSLOptions options = SSLOptions.ofContext(() -> null);

    assertThatThrownBy(() -> options.createEngine(true, null, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the SSLContext supplier returned null");
  }

  @Test
  void ipLiteralsAreToldFromHostNamesWithoutLookups() {
    assertThat(TlsSupport.isIpLiteral("127.0.0.1")).isTrue();
    assertThat(TlsSupport.isIpLiteral("::1")).isTrue();
    assertThat(TlsSupport.isIpLiteral("[2001:db8::1]")).isTrue();
    assertThat(TlsSupport.isIpLiteral("fe80::1%eth0")).isTrue();
    assertThat(TlsSupport.isIpLiteral("localhost")).isFalse();
    assertThat(TlsSupport.isIpLiteral("1.2.3")).isFalse();
    assertThat(TlsSupport.isIpLiteral("256.1.1.1")).isFalse();
    assertThat(TlsSupport.isIpLiteral("example.com")).isFalse();
  }
}
