package io.github.tornadoserver.tls;

import static io.github.tornadoserver.testing.TestCertificates.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tornadoserver.testing.TestCertificates;
import io.github.tornadoserver.tls.SSLOptions.ClientAuth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shapes and their settings: defaults, validation, snapshots and copies. */
class SSLOptionsTest {
  private static final char[] CHANGEIT = "changeit".toCharArray();

  @TempDir Path dir;

  @Test
  void defaultsAreTls13AndTls12JdkCiphersNoClientAuthAndHostnameChecks() {
    SSLOptions options = SSLOptions.withoutKey().build();

    assertThat(options.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(options.ciphers()).isEmpty();
    assertThat(options.clientAuth()).isEqualTo(ClientAuth.NONE);
    assertThat(options.checkHostname()).isTrue();
    assertThat(options.verifyPeer()).isTrue();
    assertThat(options.hasKeyMaterial()).isFalse();
    assertThat(options.settings()).isEqualTo(TlsSettings.defaults());
    assertThat(options.context()).isSameAs(options.toContext());
  }

  @Test
  void defaultClientIsSharedAndChecksHostnames() {
    assertThat(SSLOptions.defaultClient()).isSameAs(SSLOptions.defaultClient());
    assertThat(SSLOptions.defaultClient().checkHostname()).isTrue();
    assertThat(SSLOptions.defaultClient().hasKeyMaterial()).isFalse();
    assertThat(SSLOptions.defaultClient().trust()).isEqualTo(Trust.jdkDefault());
  }

  @Test
  void keyMaterialComesFromPemFilesKeyStoresOrContexts() {
    assertThat(TestCertificates.server().hasKeyMaterial()).isTrue();
    assertThat(TestCertificates.client().hasKeyMaterial()).isFalse();
    assertThat(TestCertificates.clientWithCertificate().hasKeyMaterial()).isTrue();
    assertThat(SSLOptions.keyStore(resource("server.p12"), CHANGEIT).build().hasKeyMaterial())
        .isTrue();
    assertThat(SSLOptions.ofContext(TestCertificates.server().context()).hasKeyMaterial()).isTrue();
  }

  @Test
  void eachShapeWithAKeyServesAHandshake() throws Exception {
    SSLContext ready = TestCertificates.server().context();
    List<SSLOptions> servers =
        List.of(
            SSLOptions.pemFiles(resource("server.pem"), resource("server-pkcs8.key")).build(),
            SSLOptions.keyStore(resource("server.p12"), CHANGEIT).build(),
            SSLOptions.ofContext(ready),
            SSLOptions.ofContext(() -> ready));

    for (SSLOptions server : servers) {
      InMemoryHandshake.connect(server, TestCertificates.client(), "localhost");
    }
  }

  @Test
  void eachShapeWithoutAKeyOrWithAClientKeyConnectsAsAClient() throws Exception {
    List<SSLOptions> clients =
        List.of(
            SSLOptions.withoutKey().trustedCertificates(resource("ca.pem")).build(),
            SSLOptions.withoutKey().trust(Trust.everything()).build(),
            TestCertificates.clientWithCertificate(),
            SSLOptions.ofContext(TestCertificates.client().context()));

    for (SSLOptions client : clients) {
      InMemoryHandshake.connect(TestCertificates.server(), client, "localhost");
    }
  }

  @Test
  void everyKindThatMakesItsContextTrustsTheJdkByDefaultAndKeepsItsTrustThroughToBuilder() {
    Trust ca = Trust.pemFile(resource("ca.pem"));
    List<TrustingOptions> defaults =
        List.of(
            SSLOptions.pemFiles(resource("server.pem"), resource("server-pkcs8.key")).build(),
            SSLOptions.keyStore(resource("server.p12"), CHANGEIT).build(),
            SSLOptions.withoutKey().build());
    List<TrustingOptions> trustingTheCa =
        List.of(
            SSLOptions.pemFiles(resource("server.pem"), resource("server-pkcs8.key"))
                .trustedCertificates(resource("ca.pem"))
                .build(),
            SSLOptions.keyStore(resource("server.p12"), CHANGEIT).trust(ca).build(),
            SSLOptions.withoutKey().trustedCertificates(resource("ca.pem")).build());
    List<TrustingOptions> trustingEverything =
        List.of(
            SSLOptions.pemFiles(resource("server.pem"), resource("server-pkcs8.key"))
                .trust(Trust.everything())
                .build(),
            SSLOptions.keyStore(resource("server.p12"), CHANGEIT).trust(Trust.everything()).build(),
            SSLOptions.withoutKey().trust(Trust.everything()).build());

    for (TrustingOptions options : defaults) {
      assertThat(options.trust()).as("%s", options).isEqualTo(Trust.jdkDefault());
      assertThat(options.verifyPeer()).as("%s", options).isTrue();
    }
    for (TrustingOptions options : trustingTheCa) {
      SSLOptions rebuilt = ((SSLOptions) options).toBuilder().protocols("TLSv1.3").build();
      assertThat(options.trust()).as("%s", options).isEqualTo(ca);
      assertThat(((TrustingOptions) rebuilt).trust()).as("%s", rebuilt).isEqualTo(ca);
      assertThat(rebuilt.protocols()).containsExactly("TLSv1.3");
      assertThat(rebuilt.getClass()).isEqualTo(options.getClass());
      assertThat(options.toString()).contains("ca.pem");
    }
    for (TrustingOptions options : trustingEverything) {
      SSLOptions rebuilt = ((SSLOptions) options).toBuilder().build();
      assertThat(options.verifyPeer()).as("%s", options).isFalse();
      assertThat(rebuilt.verifyPeer()).as("%s", rebuilt).isFalse();
      assertThat(((SSLOptions) options).checkHostname()).as("%s", options).isFalse();
    }
  }

  @Test
  void nullFilesAndContextsAreRefusedByName() {
    Path key = resource("server-pkcs8.key");

    assertThatThrownBy(() -> SSLOptions.pemFiles(null, key))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("certificateChain");
    assertThatThrownBy(() -> SSLOptions.pemFiles(key, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("privateKey");
    assertThatThrownBy(() -> SSLOptions.keyStore(null, CHANGEIT))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("keyStore");
    assertThatThrownBy(() -> SSLOptions.keyStore(key, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("keyStore password");
    assertThatThrownBy(() -> SSLOptions.ofContext((SSLContext) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("context");
    assertThatThrownBy(() -> SSLOptions.ofContext((Supplier<SSLContext>) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("contextSupplier");
    assertThatThrownBy(() -> SSLOptions.withoutKey().trustedCertificates(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("trustedCertificates");
    assertThatThrownBy(() -> SSLOptions.withoutKey().clientAuth(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("clientAuth");
  }

  @Test
  void emptyKeyAliasIsRefused() {
    KeyStoreOptions.Builder builder = SSLOptions.keyStore(resource("server.p12"), CHANGEIT);

    assertThatThrownBy(() -> builder.keyAlias(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keyAlias: \"\" (expected: an entry name)");
  }

  @Test
  void trustingEverythingVerifiesNoCertificateAndSoNoHostname() {
    NoKeyOptions insecure = SSLOptions.withoutKey().trust(Trust.everything()).build();

    assertThat(insecure.verifyPeer()).isFalse();
    assertThat(insecure.checkHostname()).isFalse();
    assertThat(insecure.settings().checkHostname()).isTrue();
    assertThat(insecure.toString()).contains("checkHostname=false", "verifyPeer=false");
  }

  @Test
  void trustMayBeReplacedAndTheLastOneCounts() {
    NoKeyOptions options =
        SSLOptions.withoutKey()
            .trust(Trust.everything())
            .trustedCertificates(resource("ca.pem"))
            .build();

    assertThat(options.trust()).isEqualTo(Trust.pemFile(resource("ca.pem")));
    assertThat(options.verifyPeer()).isTrue();
  }

  @Test
  void checkHostnameOffKeepsVerification() {
    SSLOptions options = SSLOptions.withoutKey().checkHostname(false).build();

    assertThat(options.checkHostname()).isFalse();
    assertThat(options.verifyPeer()).isTrue();
  }

  @Test
  void emptyOrBlankProtocolsAreRefused() {
    NoKeyOptions.Builder builder = SSLOptions.withoutKey();

    assertThatThrownBy(() -> builder.protocols())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("protocols: [] (expected: at least one)");
    assertThatThrownBy(() -> builder.protocols("TLSv1.3", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("protocols: [\"TLSv1.3\", null] (expected: protocol names such as TLSv1.3)");
    assertThatThrownBy(() -> builder.protocols(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("protocols: [\" \"] (expected: protocol names such as TLSv1.3)");
  }

  @Test
  void protocolsNoneOfWhichIsSupportedAreRefusedAtBuild() {
    assertThatThrownBy(() -> SSLOptions.withoutKey().protocols("TLSv9", "SSLv1").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "protocols: [TLSv9, SSLv1] (expected: at least one supported by the JDK, among [")
        .hasMessageContaining("TLSv1.3");
  }

  @Test
  void unsupportedProtocolsAreLeftOutOfTheEngine() {
    SSLOptions options =
        TestCertificates.server().toBuilder().protocols("TLSv9", "TLSv1.2", "TLSv1.2").build();

    assertThat(options.protocols()).containsExactly("TLSv9", "TLSv1.2");
    assertThat(options.createEngine(true, null, null).getEnabledProtocols())
        .containsExactly("TLSv1.2");
  }

  @Test
  void emptyCiphersAndOpenSslCipherStringsAreRefused() {
    NoKeyOptions.Builder builder = SSLOptions.withoutKey();

    assertThatThrownBy(() -> builder.ciphers())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ciphers: [] (expected: at least one)");
    assertThatThrownBy(() -> builder.ciphers("ECDHE+AESGCM:!aNULL"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "ciphers: [ECDHE+AESGCM:!aNULL] (expected: JSSE cipher suite names such as"
                + " TLS_AES_128_GCM_SHA256, not an OpenSSL cipher string)");
  }

  @Test
  void ciphersNoneOfWhichIsSupportedAreRefusedAtBuild() {
    assertThatThrownBy(() -> SSLOptions.withoutKey().ciphers("TLS_NO_SUCH_SUITE").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "ciphers: [TLS_NO_SUCH_SUITE] (expected: at least one supported by the JDK, among [");
    SSLContext context = TestCertificates.server().context();
    assertThatThrownBy(() -> SSLOptions.fromContext(context).ciphers("TLS_NO_SUCH_SUITE").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ciphers: [TLS_NO_SUCH_SUITE] (expected: at least one supported");
  }

  @Test
  void supportedCiphersAreAppliedToTheEngineInOrder() {
    SSLOptions options =
        TestCertificates.server().toBuilder()
            .ciphers("TLS_AES_256_GCM_SHA384", "TLS_NO_SUCH_SUITE", "TLS_AES_128_GCM_SHA256")
            .build();

    SSLEngine engine = options.createEngine(true, null, null);

    assertThat(engine.getEnabledCipherSuites())
        .containsExactly("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256");
  }

  @Test
  void ofContextKeepsTheContextAndToBuilderChangesTheRest() {
    SSLContext context = TestCertificates.server().context();
    ContextOptions options = SSLOptions.ofContext(context);

    ContextOptions changed =
        options.toBuilder().clientAuth(ClientAuth.OPTIONAL).protocols("TLSv1.3").build();

    assertThat(options.context()).isSameAs(context);
    assertThat(options.isSupplied()).isFalse();
    assertThat(changed.context()).isSameAs(context);
    assertThat(changed.clientAuth()).isEqualTo(ClientAuth.OPTIONAL);
    assertThat(changed.protocols()).containsExactly("TLSv1.3");
    assertThat(changed.createEngine(true, null, null).getWantClientAuth()).isTrue();
  }

  @Test
  void toBuilderThroughTheInterfaceKeepsTheShape() {
    SSLOptions options = TestCertificates.server();

    SSLOptions changed = options.toBuilder().clientAuth(ClientAuth.REQUIRED).build();

    assertThat(changed).isInstanceOf(PemKeyOptions.class);
    assertThat(changed.clientAuth()).isEqualTo(ClientAuth.REQUIRED);
    assertThat(options.clientAuth()).isEqualTo(ClientAuth.NONE);
  }

  @Test
  void changingABuilderAfterBuildDoesNotChangeWhatItBuilt() {
    PemKeyOptions.Builder builder =
        SSLOptions.pemFiles(resource("server.pem"), resource("server-pkcs8.key"));
    PemKeyOptions built = builder.build();

    builder
        .clientAuth(ClientAuth.REQUIRED)
        .protocols("TLSv1.2")
        .ciphers("TLS_AES_128_GCM_SHA256")
        .checkHostname(false)
        .trustedCertificates(resource("ca.pem"));

    assertThat(built.settings()).isEqualTo(TlsSettings.defaults());
    assertThat(built.trust()).isEqualTo(Trust.jdkDefault());
    assertThat(builder.build().settings())
        .isEqualTo(
            new TlsSettings(
                ClientAuth.REQUIRED, List.of("TLSv1.2"), List.of("TLS_AES_128_GCM_SHA256"), false));
  }

  @Test
  void changingAKeyStoreBuilderAfterBuildDoesNotChangeWhatItBuilt() {
    KeyStoreOptions.Builder builder = SSLOptions.keyStore(resource("server.jks"), CHANGEIT);
    KeyStoreOptions built = builder.build();

    builder.keyAlias("server").clientAuth(ClientAuth.OPTIONAL);

    assertThat(built.keyAlias()).isNull();
    assertThat(built.clientAuth()).isEqualTo(ClientAuth.NONE);
  }

  @Test
  void toBuilderReadsTheFilesAgain() throws Exception {
    Path chain = dir.resolve("chain.pem");
    Path key = dir.resolve("key.pem");
    Files.copy(resource("server.pem"), chain);
    Files.copy(resource("server-pkcs8.key"), key);
    PemKeyOptions options =
        SSLOptions.pemFiles(chain, key)
            .clientAuth(ClientAuth.REQUIRED)
            .trustedCertificates(resource("ca.pem"))
            .build();

    Files.copy(resource("server-ec.pem"), chain, StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> options.toBuilder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("private key file " + key + " does not match");
    Files.copy(resource("server-ec-sec1.key"), key, StandardCopyOption.REPLACE_EXISTING);
    PemKeyOptions reloaded = options.toBuilder().build();

    assertThat(reloaded.context()).isNotSameAs(options.context());
    assertThat(reloaded.clientAuth()).isEqualTo(ClientAuth.REQUIRED);
    assertThat(reloaded.createEngine(true, null, null).getNeedClientAuth()).isTrue();
  }

  @Test
  void toStringNamesFilesButNeverPasswords() {
    SSLOptions options =
        SSLOptions.keyStore(resource("server.p12"), CHANGEIT)
            .keyAlias("server")
            .clientAuth(ClientAuth.OPTIONAL)
            .build();

    assertThat(options.toString())
        .startsWith("SSLOptions[keyStore=" + resource("server.p12") + ", keyAlias=server")
        .contains("clientAuth=OPTIONAL", "protocols=[TLSv1.3, TLSv1.2]", "checkHostname=true")
        .doesNotContain("changeit");
    assertThat(TestCertificates.server().toString())
        .startsWith("SSLOptions[certificateChain=" + resource("server.pem") + ", privateKey=");
    assertThat(SSLOptions.ofContext(() -> null).toString())
        .startsWith("SSLOptions[context=supplier, clientAuth=NONE");
  }

  @Test
  void passwordArraysAreCopied() {
    char[] password = "changeit".toCharArray();
    KeyStoreOptions.Builder builder = SSLOptions.keyStore(resource("server.p12"), password);
    Arrays.fill(password, 'x');

    assertThat(builder.build().hasKeyMaterial()).isTrue();
  }
}
