package io.github.tornadoserver.netutil;

import static io.github.tornadoserver.testing.TestCertificates.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tornadoserver.netutil.SSLOptions.ClientAuth;
import io.github.tornadoserver.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings: defaults, validation of values and of how they combine, and copies. */
class SSLOptionsTest {
  private static final char[] CHANGEIT = "changeit".toCharArray();

  @TempDir Path dir;

  @Test
  void defaultsAreTls13AndTls12JdkCiphersNoClientAuthAndHostnameChecks() {
    SSLOptions options = SSLOptions.builder().build();

    assertThat(options.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(options.ciphers()).isEmpty();
    assertThat(options.clientAuth()).isEqualTo(ClientAuth.NONE);
    assertThat(options.checkHostname()).isTrue();
    assertThat(options.verifyPeer()).isTrue();
    assertThat(options.hasKeyMaterial()).isFalse();
    assertThat(options.context()).isSameAs(options.toContext());
  }

  @Test
  void defaultClientIsSharedAndChecksHostnames() {
    assertThat(SSLOptions.defaultClient()).isSameAs(SSLOptions.defaultClient());
    assertThat(SSLOptions.defaultClient().checkHostname()).isTrue();
    assertThat(SSLOptions.defaultClient().hasKeyMaterial()).isFalse();
  }

  @Test
  void keyMaterialComesFromPemFilesKeyStoresOrContexts() {
    assertThat(TestCertificates.server().hasKeyMaterial()).isTrue();
    assertThat(TestCertificates.client().hasKeyMaterial()).isFalse();
    assertThat(TestCertificates.clientWithCertificate().hasKeyMaterial()).isTrue();
    assertThat(
            SSLOptions.builder()
                .keyStore(resource("server.p12"), CHANGEIT)
                .build()
                .hasKeyMaterial())
        .isTrue();
    assertThat(SSLOptions.ofContext(TestCertificates.server().context()).hasKeyMaterial()).isTrue();
  }

  @Test
  void certificateWithoutKeyIsRefused() {
    Path chain = resource("server.pem");

    assertThatThrownBy(() -> SSLOptions.builder().certificateChain(chain).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "certificateChain: "
                + chain
                + " is set without privateKey (expected: both, or neither)");
  }

  @Test
  void keyWithoutCertificateIsRefused() {
    Path key = resource("server-pkcs8.key");

    assertThatThrownBy(() -> SSLOptions.builder().privateKey(key).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "privateKey: " + key + " is set without certificateChain (expected: both, or neither)");
  }

  @Test
  void passwordsAndAliasWithoutWhatTheyAreForAreRefused() {
    assertThatThrownBy(() -> SSLOptions.builder().privateKeyPassword(CHANGEIT).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("privateKeyPassword is set without privateKey (expected: both, or neither)");
    assertThatThrownBy(() -> SSLOptions.builder().keyPassword(CHANGEIT).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keyPassword is set without keyStore (expected: both, or neither)");
    assertThatThrownBy(() -> SSLOptions.builder().keyAlias("server").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keyAlias is set without keyStore (expected: both, or neither)");
    assertThatThrownBy(() -> SSLOptions.builder().keyAlias(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keyAlias: \"\" (expected: an entry name)");
  }

  @Test
  void keyStoreAndPemKeyTogetherAreRefused() {
    assertThatThrownBy(
            () ->
                SSLOptions.builder()
                    .certificateChain(resource("server.pem"))
                    .privateKey(resource("server-pkcs8.key"))
                    .keyStore(resource("server.p12"), CHANGEIT)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(expected: one of them)");
  }

  @Test
  void contextTogetherWithFilesIsRefused() {
    SSLContext context = TestCertificates.server().context();

    assertThatThrownBy(
            () ->
                SSLOptions.builder()
                    .context(context)
                    .trustedCertificates(resource("ca.pem"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "context: set together with trustedCertificates (expected: a context, or key and"
                + " trust files, not both)");
    assertThatThrownBy(() -> SSLOptions.builder().context(context).verifyPeer(false).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("verifyPeer: false with a context");
  }

  @Test
  void verifyPeerFalseExcludesTrustedCertificatesAndAnExplicitHostnameCheck() {
    assertThatThrownBy(
            () ->
                SSLOptions.builder()
                    .verifyPeer(false)
                    .trustedCertificates(resource("ca.pem"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("verifyPeer: false with trustedCertificates: ");
    assertThatThrownBy(() -> SSLOptions.builder().verifyPeer(false).checkHostname(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("checkHostname: true with verifyPeer: false (expected:");

    SSLOptions insecure = SSLOptions.builder().verifyPeer(false).build();
    assertThat(insecure.verifyPeer()).isFalse();
    assertThat(insecure.checkHostname()).isFalse();
  }

  @Test
  void checkHostnameOffKeepsVerification() {
    SSLOptions options = SSLOptions.builder().checkHostname(false).build();

    assertThat(options.checkHostname()).isFalse();
    assertThat(options.verifyPeer()).isTrue();
  }

  @Test
  void emptyOrBlankProtocolsAreRefused() {
    assertThatThrownBy(() -> SSLOptions.builder().protocols())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("protocols: [] (expected: at least one)");
    assertThatThrownBy(() -> SSLOptions.builder().protocols("TLSv1.3", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("protocols: [\"TLSv1.3\", null] (expected: protocol names such as TLSv1.3)");
    assertThatThrownBy(() -> SSLOptions.builder().protocols(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("protocols: [\" \"] (expected: protocol names such as TLSv1.3)");
  }

  @Test
  void protocolsNoneOfWhichIsSupportedAreRefusedAtBuild() {
    assertThatThrownBy(() -> SSLOptions.builder().protocols("TLSv9", "SSLv1").build())
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
    assertThatThrownBy(() -> SSLOptions.builder().ciphers())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ciphers: [] (expected: at least one)");
    assertThatThrownBy(() -> SSLOptions.builder().ciphers("ECDHE+AESGCM:!aNULL"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "ciphers: [ECDHE+AESGCM:!aNULL] (expected: JSSE cipher suite names such as"
                + " TLS_AES_128_GCM_SHA256, not an OpenSSL cipher string)");
  }

  @Test
  void ciphersNoneOfWhichIsSupportedAreRefusedAtBuild() {
    assertThatThrownBy(() -> SSLOptions.builder().ciphers("TLS_NO_SUCH_SUITE").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "ciphers: [TLS_NO_SUCH_SUITE] (expected: at least one supported by the JDK, among [");
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
    SSLOptions options = SSLOptions.ofContext(context);

    SSLOptions changed =
        options.toBuilder().clientAuth(ClientAuth.OPTIONAL).protocols("TLSv1.3").build();

    assertThat(options.context()).isSameAs(context);
    assertThat(changed.context()).isSameAs(context);
    assertThat(changed.clientAuth()).isEqualTo(ClientAuth.OPTIONAL);
    assertThat(changed.protocols()).containsExactly("TLSv1.3");
    assertThat(changed.createEngine(true, null, null).getWantClientAuth()).isTrue();
  }

  @Test
  void contextBuilderMethodsReplaceEachOther() {
    SSLContext context = TestCertificates.server().context();
    SSLContext other = TestCertificates.client().context();

    SSLOptions fixed = SSLOptions.builder().context(() -> other).context(context).build();
    SSLOptions supplied = SSLOptions.builder().context(context).context(() -> other).build();

    assertThat(fixed.context()).isSameAs(context);
    assertThat(supplied.context()).isSameAs(other);
  }

  @Test
  void toBuilderReadsTheFilesAgain() throws Exception {
    Path chain = dir.resolve("chain.pem");
    Path key = dir.resolve("key.pem");
    Files.copy(resource("server.pem"), chain);
    Files.copy(resource("server-pkcs8.key"), key);
    SSLOptions options =
        SSLOptions.builder()
            .certificateChain(chain)
            .privateKey(key)
            .clientAuth(ClientAuth.REQUIRED)
            .trustedCertificates(resource("ca.pem"))
            .build();

    Files.copy(resource("server-ec.pem"), chain, StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> options.toBuilder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("private key file " + key + " does not match");
    Files.copy(resource("server-ec-sec1.key"), key, StandardCopyOption.REPLACE_EXISTING);
    SSLOptions reloaded = options.toBuilder().build();

    assertThat(reloaded.context()).isNotSameAs(options.context());
    assertThat(reloaded.clientAuth()).isEqualTo(ClientAuth.REQUIRED);
    assertThat(reloaded.createEngine(true, null, null).getNeedClientAuth()).isTrue();
  }

  @Test
  void toStringNamesFilesButNeverPasswords() {
    SSLOptions options =
        SSLOptions.builder()
            .keyStore(resource("server.p12"), CHANGEIT)
            .keyAlias("server")
            .clientAuth(ClientAuth.OPTIONAL)
            .build();

    assertThat(options.toString())
        .startsWith("SSLOptions[keyStore=" + resource("server.p12") + ", keyAlias=server")
        .contains("clientAuth=OPTIONAL", "protocols=[TLSv1.3, TLSv1.2]", "checkHostname=true")
        .doesNotContain("changeit");
  }

  @Test
  void passwordArraysAreCopied() {
    char[] password = "changeit".toCharArray();
    SSLOptions.Builder builder = SSLOptions.builder().keyStore(resource("server.p12"), password);
    Arrays.fill(password, 'x');

    assertThat(builder.build().hasKeyMaterial()).isTrue();
  }

  @Test
  void nullArgumentsAreRefusedByName() {
    SSLOptions.Builder builder = SSLOptions.builder();

    assertThatThrownBy(() -> builder.certificateChain(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("certificateChain");
    assertThatThrownBy(() -> builder.clientAuth(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("clientAuth");
    assertThatThrownBy(() -> builder.context((SSLContext) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("context");
  }
}
