package io.github.tornadoserver.tls;

import static io.github.tornadoserver.testing.TestCertificates.resource;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tornadoserver.testing.TestCertificates;
import io.github.tornadoserver.tls.InMemoryHandshake.Connection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every supported private key and key store form loads and serves a real handshake. */
class PrivateKeyFormatsTest {
  private static final char[] CHANGEIT = "changeit".toCharArray();

  @TempDir Path dir;

  private static SSLOptions server(String chain, String key) {
    return SSLOptions.pemFiles(resource(chain), resource(key)).build();
  }

  /** Connects a client trusting the test CA to {@code server}; returns the server's leaf. */
  private static X509Certificate handshakeWith(SSLOptions server) throws Exception {
    Connection connection =
        InMemoryHandshake.connect(server, TestCertificates.client(), "localhost");
    assertThat(connection.client().getSession().getProtocol()).isEqualTo("TLSv1.3");
    return (X509Certificate) connection.client().getSession().getPeerCertificates()[0];
  }

  @Test
  void pkcs8RsaKeyCompletesAHandshake() throws Exception {
    X509Certificate leaf = handshakeWith(server("server.pem", "server-pkcs8.key"));

    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
    assertThat(leaf.getPublicKey().getAlgorithm()).isEqualTo("RSA");
  }

  @Test
  void pkcs1RsaKeyIsTheSameKeyAsItsPkcs8Form() throws Exception {
    RSAPrivateCrtKey pkcs1 =
        (RSAPrivateCrtKey) PemFiles.privateKey(resource("server-pkcs1.key"), null);
    RSAPrivateCrtKey pkcs8 =
        (RSAPrivateCrtKey) PemFiles.privateKey(resource("server-pkcs8.key"), null);

    assertThat(pkcs1.getModulus()).isEqualTo(pkcs8.getModulus());
    assertThat(pkcs1.getPrivateExponent()).isEqualTo(pkcs8.getPrivateExponent());
    assertThat(pkcs1.getCrtCoefficient()).isEqualTo(pkcs8.getCrtCoefficient());
    handshakeWith(server("server.pem", "server-pkcs1.key"));
  }

  @Test
  void sec1EcKeyAfterAnEcParametersBlockIsTheSameKeyAsItsPkcs8Form() throws Exception {
    assertThat(Files.readString(resource("server-ec-sec1.key")))
        .startsWith("-----BEGIN EC PARAMETERS-----");
    ECPrivateKey sec1 = (ECPrivateKey) PemFiles.privateKey(resource("server-ec-sec1.key"), null);
    ECPrivateKey pkcs8 = (ECPrivateKey) PemFiles.privateKey(resource("server-ec-pkcs8.key"), null);

    assertThat(sec1.getS()).isEqualTo(pkcs8.getS());
    assertThat(sec1.getParams().getCurve()).isEqualTo(pkcs8.getParams().getCurve());
    assertThat(handshakeWith(server("server-ec.pem", "server-ec-sec1.key")).getPublicKey())
        .extracting(key -> key.getAlgorithm())
        .isEqualTo("EC");
  }

  @Test
  void pkcs8EcKeyCompletesAHandshake() throws Exception {
    X509Certificate leaf = handshakeWith(server("server-ec.pem", "server-ec-pkcs8.key"));

    assertThat(leaf.getPublicKey().getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void ed25519KeyCompletesAHandshake() throws Exception {
    X509Certificate leaf = handshakeWith(server("server-ed25519.pem", "server-ed25519.key"));

    assertThat(leaf.getPublicKey().getAlgorithm()).isIn("EdDSA", "Ed25519");
  }

  @Test
  void encryptedPkcs8KeyIsDecryptedWithItsPassword() throws Exception {
    PrivateKey decrypted = PemFiles.privateKey(resource("server-encrypted.key"), CHANGEIT);
    PrivateKey plain = PemFiles.privateKey(resource("server-pkcs8.key"), null);
    assertThat(decrypted.getEncoded()).isEqualTo(plain.getEncoded());

    handshakeWith(
        SSLOptions.pemFiles(resource("server.pem"), resource("server-encrypted.key"))
            .privateKeyPassword(CHANGEIT)
            .build());
  }

  @Test
  void passwordOfAnUnencryptedKeyIsIgnored() {
    SSLOptions options =
        SSLOptions.pemFiles(resource("server.pem"), resource("server-pkcs8.key"))
            .privateKeyPassword(CHANGEIT)
            .build();

    assertThat(options.hasKeyMaterial()).isTrue();
  }

  @Test
  void encryptedKeyWithoutPasswordIsRefusedNamingTheFile() {
    Path key = resource("server-encrypted.key");

    assertThatThrownBy(() -> SSLOptions.pemFiles(resource("server.pem"), key).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "private key file "
                + key
                + " is encrypted (ENCRYPTED PRIVATE KEY) but no privateKeyPassword was given");
  }

  @Test
  void encryptedKeyWithAWrongPasswordIsRefusedNamingTheFile() {
    Path key = resource("server-encrypted.key");

    assertThatThrownBy(() -> PemFiles.privateKey(key, "wrong".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "private key file "
                + key
                + " could not be decrypted with the privateKeyPassword given (wrong password?)");
  }

  @Test
  void legacyOpenSslPemEncryptionIsRefusedWithAHint() throws Exception {
    Path key = dir.resolve("legacy.key");
    Files.writeString(
        key,
        "-----BEGIN RSA PRIVATE KEY-----\n"
            + "Proc-Type: 4,ENCRYPTED\n"
            + "DEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF\n"
            + "\n"
            + Base64.getEncoder().encodeToString(new byte[48])
            + "\n-----END RSA PRIVATE KEY-----\n");

    assertThatThrownBy(() -> PemFiles.privateKey(key, CHANGEIT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("private key file " + key + ": RSA PRIVATE KEY block at line 1")
        .hasMessageContaining("legacy PEM encryption")
        .hasMessageContaining("openssl pkcs8 -topk8");
  }

  @Test
  void keyFileMayAlsoHoldTheCertificateChain() throws Exception {
    Path combined = dir.resolve("combined.pem");
    Files.writeString(
        combined,
        Files.readString(resource("server.pem")) + Files.readString(resource("server-pkcs1.key")));

    handshakeWith(SSLOptions.pemFiles(combined, combined).build());
  }

  @Test
  void windowsLineEndingsAndAByteOrderMarkAreAccepted() throws Exception {
    Path chain = dir.resolve("chain.pem");
    Path key = dir.resolve("key.pem");
    String bom = "\uFEFF";
    Files.writeString(
        chain, bom + Files.readString(resource("server.pem")).replace("\n", "\r\n"), UTF_8);
    Files.writeString(
        key, bom + Files.readString(resource("server-pkcs8.key")).replace("\n", "\r\n"), UTF_8);

    handshakeWith(SSLOptions.pemFiles(chain, key).build());
  }

  @Test
  void twoPrivateKeysInOneFileAreRefused() throws Exception {
    Path key = dir.resolve("two.key");
    Files.writeString(
        key,
        Files.readString(resource("server-pkcs8.key"))
            + "some text between blocks\n"
            + Files.readString(resource("client.key")));

    assertThatThrownBy(() -> PemFiles.privateKey(key, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "private key file " + key + ": PRIVATE KEY block at line 1 and PRIVATE KEY block at")
        .hasMessageEndingWith("(expected: one private key)");
  }

  @Test
  void sec1KeyWithoutItsCurveIsRefused() throws Exception {
    Path key = pem("EC PRIVATE KEY", Der.sequence(Der.integer(1), Der.octetString(new byte[32])));

    assertThatThrownBy(() -> PemFiles.privateKey(key, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("private key file " + key + ": EC PRIVATE KEY block at line 1")
        .hasMessageContaining("no curve parameters");
  }

  @Test
  void sec1KeyWithExplicitCurveParametersIsRefused() throws Exception {
    byte[] explicit = Der.element(Der.contextTag(0, true), Der.sequence(Der.integer(1)));
    Path key =
        pem(
            "EC PRIVATE KEY",
            Der.sequence(Der.integer(1), Der.octetString(new byte[32]), explicit));

    assertThatThrownBy(() -> PemFiles.privateKey(key, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("explicit curve parameters");
  }

  @Test
  void pkcs8KeyOfAnUnknownAlgorithmIsRefusedWithItsOid() throws Exception {
    Path key =
        pem(
            "PRIVATE KEY",
            Der.sequence(
                Der.integer(0),
                Der.sequence(Der.objectIdentifier("1.2.3.4"), Der.nullValue()),
                Der.octetString(new byte[16])));

    assertThatThrownBy(() -> PemFiles.privateKey(key, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("private key file " + key + ": PRIVATE KEY block at line 1")
        .hasMessageContaining("OID 1.2.3.4");
  }

  @Test
  void openSshKeyIsRefusedAsUnsupported() throws Exception {
    Path key = pem("OPENSSH PRIVATE KEY", new byte[] {1, 2, 3});

    assertThatThrownBy(() -> PemFiles.privateKey(key, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "private key file " + key + ": OPENSSH PRIVATE KEY block at line 1 is not supported");
  }

  @Test
  void pkcs12KeyStoreCompletesAHandshake() throws Exception {
    handshakeWith(SSLOptions.keyStore(resource("server.p12"), CHANGEIT).build());
  }

  @Test
  void jksKeyStoreCompletesAHandshake() throws Exception {
    handshakeWith(SSLOptions.keyStore(resource("server.jks"), CHANGEIT).build());
  }

  @Test
  void keyAliasSelectsTheKeyStoreEntry() throws Exception {
    handshakeWith(
        SSLOptions.keyStore(resource("server.jks"), CHANGEIT)
            .keyPassword(CHANGEIT)
            .keyAlias("server")
            .build());
  }

  @Test
  void keyStoreWithAWrongPasswordIsRefusedNamingTheFile() {
    for (String name : new String[] {"server.p12", "server.jks"}) {
      Path store = resource(name);

      assertThatThrownBy(() -> SSLOptions.keyStore(store, "wrong".toCharArray()).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "key store file "
                  + store
                  + " cannot be opened with the password given (wrong password?)");
    }
  }

  @Test
  void keyStoreKeyWithAWrongKeyPasswordIsRefused() {
    Path store = resource("server.jks");

    assertThatThrownBy(
            () -> SSLOptions.keyStore(store, CHANGEIT).keyPassword("wrong".toCharArray()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "key store file "
                + store
                + ": the key of entry \"server\" cannot be recovered with the password given"
                + " (wrong keyPassword?)");
  }

  @Test
  void unknownKeyAliasIsRefusedListingTheEntries() {
    Path store = resource("server.p12");

    assertThatThrownBy(() -> SSLOptions.keyStore(store, CHANGEIT).keyAlias("nope").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "keyAlias: \"nope\" (expected: one of the private key entries of key store file "
                + store
                + ": [server])");
  }

  @Test
  void pemFileGivenAsAKeyStoreIsRefusedWithAHint() {
    Path pem = resource("server.pem");

    assertThatThrownBy(() -> SSLOptions.keyStore(pem, CHANGEIT).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "key store file "
                + pem
                + " is not a PKCS#12 or JKS key store (it is a PEM file: use certificateChain and"
                + " privateKey)");
  }

  @Test
  void truncatedKeyStoreIsRefusedNamingTheFile() throws Exception {
    byte[] whole = Files.readAllBytes(resource("server.p12"));
    Path store = dir.resolve("truncated.p12");
    Files.write(store, Arrays.copyOf(whole, whole.length / 2));

    assertThatThrownBy(() -> SSLOptions.keyStore(store, CHANGEIT).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("key store file " + store + " is not a valid PKCS12 key store: ");
  }

  private Path pem(String label, byte[] der) throws Exception {
    Path file = dir.resolve(label.replace(' ', '-').toLowerCase(Locale.ROOT) + ".pem");
    Files.writeString(
        file,
        "-----BEGIN "
            + label
            + "-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
            + "\n-----END "
            + label
            + "-----\n",
        StandardCharsets.US_ASCII);
    return file;
  }
}
