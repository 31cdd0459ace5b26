package io.github.tornadoserver.tls;

import static io.github.tornadoserver.testing.TestCertificates.resource;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad file is reported by {@code build()}, with the file named and what is wrong. */
class SSLOptionsBadFilesTest {
  private static final char[] CHANGEIT = "changeit".toCharArray();

  @TempDir Path dir;

  private static PemKeyOptions.Builder withKeyPair(Path chain, Path key) {
    return SSLOptions.pemFiles(chain, key);
  }

  @Test
  void missingCertificateChainFileIsNamed() {
    Path missing = dir.resolve("cert.pem");

    assertThatThrownBy(() -> withKeyPair(missing, resource("server-pkcs8.key")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("certificate chain file " + missing + " does not exist");
  }

  @Test
  void missingPrivateKeyFileIsNamed() {
    Path missing = dir.resolve("key.pem");

    assertThatThrownBy(() -> withKeyPair(resource("server.pem"), missing).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("private key file " + missing + " does not exist");
  }

  @Test
  void missingTrustedCertificatesFileIsNamed() {
    Path missing = dir.resolve("ca.pem");

    assertThatThrownBy(() -> SSLOptions.withoutKey().trustedCertificates(missing).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trusted certificates file " + missing + " does not exist");
  }

  @Test
  void missingKeyStoreFileIsNamed() {
    Path missing = dir.resolve("server.p12");

    assertThatThrownBy(() -> SSLOptions.keyStore(missing, CHANGEIT).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key store file " + missing + " does not exist");
  }

  @Test
  void directoryInsteadOfAFileIsNamed() {
    assertThatThrownBy(() -> withKeyPair(dir, resource("server-pkcs8.key")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("certificate chain file " + dir + " is a directory (expected: a file)");
    assertThatThrownBy(() -> withKeyPair(resource("server.pem"), dir).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("private key file " + dir + " is a directory (expected: a file)");
  }

  @Test
  void certificateFileWithoutPemBlockIsNamed() throws Exception {
    Path empty = Files.writeString(dir.resolve("cert.pem"), "just some text\n");

    assertThatThrownBy(() -> withKeyPair(empty, resource("server-pkcs8.key")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "certificate chain file "
                + empty
                + ": no PEM certificate block found (expected: -----BEGIN CERTIFICATE-----)");
  }

  @Test
  void keyFileWithoutPrivateKeyBlockIsNamed() {
    Path certificateOnly = resource("ca.pem");

    assertThatThrownBy(() -> withKeyPair(resource("server.pem"), certificateOnly).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "private key file " + certificateOnly + ": no PEM private key block found");
  }

  @Test
  void garbageBase64IsNamedWithItsBlock() throws Exception {
    Path garbage =
        Files.writeString(
            dir.resolve("key.pem"),
            "-----BEGIN PRIVATE KEY-----\nnot*base64!\n-----END PRIVATE KEY-----\n");

    assertThatThrownBy(() -> withKeyPair(resource("server.pem"), garbage).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "private key file " + garbage + ": PRIVATE KEY block at line 1 is not valid base64");
  }

  @Test
  void base64ThatIsNotACertificateIsNamed() throws Exception {
    Path notCertificate =
        Files.writeString(
            dir.resolve("cert.pem"),
            Files.readString(resource("ca.pem"))
                + "-----BEGIN CERTIFICATE-----\n"
                + Base64.getEncoder().encodeToString(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00})
                + "\n-----END CERTIFICATE-----\n");

    assertThatThrownBy(() -> SSLOptions.withoutKey().trustedCertificates(notCertificate).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "trusted certificates file "
                + notCertificate
                + ": CERTIFICATE block at line 21 is not a valid X.509 certificate");
  }

  @Test
  void base64ThatIsNotAKeyIsNamed() throws Exception {
    Path notKey =
        Files.writeString(
            dir.resolve("key.pem"),
            "-----BEGIN RSA PRIVATE KEY-----\n"
                + Base64.getEncoder()
                    .encodeToString("hello, world".getBytes(StandardCharsets.US_ASCII))
                + "\n-----END RSA PRIVATE KEY-----\n");

    assertThatThrownBy(() -> withKeyPair(resource("server.pem"), notKey).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "private key file "
                + notKey
                + ": RSA PRIVATE KEY block at line 1 is not a valid private key: expected"
                + " RSAPrivateKey");
  }

  @Test
  void blockWithoutEndLineIsNamed() throws Exception {
    String pem = Files.readString(resource("server-pkcs8.key"));
    Path cut = Files.writeString(dir.resolve("key.pem"), pem.substring(0, pem.indexOf("-----END")));

    assertThatThrownBy(() -> withKeyPair(resource("server.pem"), cut).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "private key file "
                + cut
                + ": PRIVATE KEY block at line 1 has no -----END PRIVATE KEY----- line");
  }

  @Test
  void mismatchedEndLineIsNamed() throws Exception {
    Path mixed =
        Files.writeString(
            dir.resolve("key.pem"),
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END CERTIFICATE-----\n");

    assertThatThrownBy(() -> withKeyPair(resource("server.pem"), mixed).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "private key file "
                + mixed
                + ": PRIVATE KEY block at line 1 ends with -----END CERTIFICATE-----");
  }

  @Test
  void keyThatDoesNotMatchTheCertificateIsRefusedNamingBothFiles() {
    Path chain = resource("server.pem");
    Path key = resource("client.key");

    assertThatThrownBy(() -> withKeyPair(chain, key).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "private key file "
                + key
                + " does not match the first certificate of certificate chain file "
                + chain
                + " (CN=localhost)");
  }

  @Test
  void ecKeyForAnRsaCertificateIsRefused() {
    Path key = resource("server-ec-pkcs8.key");

    assertThatThrownBy(() -> withKeyPair(resource("server.pem"), key).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("private key file " + key + " does not match");
  }

  @Test
  void ecKeyOfAnotherEcCertificateIsRefused() throws Exception {
    Path otherEcKey = dir.resolve("other-ec.key");
    Files.writeString(
        otherEcKey,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder()
                .encodeToString(
                    KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n");

    assertThatThrownBy(() -> withKeyPair(resource("server-ec.pem"), otherEcKey).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("private key file " + otherEcKey + " does not match");
  }

  @Test
  void chainInTheWrongOrderIsExplained() throws Exception {
    Path reversed =
        Files.writeString(
            dir.resolve("reversed.pem"),
            Files.readString(resource("ca.pem")) + Files.readString(resource("client.pem")));
    Path key = resource("client.key");

    assertThatThrownBy(() -> withKeyPair(reversed, key).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith(
            ", but certificate 2 of the chain (expected: the certificate of the key first)");
  }

  @Test
  void corruptKeyStoreIsNamed() throws Exception {
    Path store = Files.write(dir.resolve("store.p12"), new byte[] {0x30, 0x03, 0x02, 0x01, 0x03});

    assertThatThrownBy(() -> SSLOptions.keyStore(store, CHANGEIT).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("key store file " + store + " is not a valid PKCS12 key store");
  }

  @Test
  void fileThatIsNoKeyStoreIsNamed() throws Exception {
    Path store = Files.writeString(dir.resolve("store.p12"), "hello");

    assertThatThrownBy(() -> SSLOptions.keyStore(store, CHANGEIT).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key store file " + store + " is not a PKCS#12 or JKS key store");
  }
}
