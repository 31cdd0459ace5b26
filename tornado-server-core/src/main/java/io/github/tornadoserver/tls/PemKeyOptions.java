package io.github.tornadoserver.tls;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;

/**
 * {@link SSLOptions} presenting a certificate chain and private key read from PEM files: Tornado's
 * {@code certfile} and {@code keyfile}, with {@code ca_certs} as the {@link Trust}. Made by {@link
 * SSLOptions#pemFiles}; immutable; the files were read, and the key checked against the chain, when
 * it was built.
 */
public final class PemKeyOptions extends TrustingOptions implements SSLOptions {
  private final Path certificateChain;
  private final Path privateKey;
  private final char[] privateKeyPassword;

  private PemKeyOptions(Builder builder, SSLContext context) {
    super(builder, context);
    this.certificateChain = builder.certificateChain;
    this.privateKey = builder.privateKey;
    this.privateKeyPassword = copy(builder.privateKeyPassword);
  }

  /** The PEM file of the certificate chain presented. */
  public Path certificateChain() {
    return certificateChain;
  }

  /** The PEM file of the private key of the {@link #certificateChain()}. */
  public Path privateKey() {
    return privateKey;
  }

  @Override
  public boolean hasKeyMaterial() {
    return true;
  }

  /**
   * A builder holding these options' files and settings. Its {@link Builder#build()} reads the
   * files again, so it picks up renewed certificates.
   */
  @Override
  public Builder toBuilder() {
    Builder builder = new Builder(certificateChain, privateKey, settings());
    builder.privateKeyPassword = copy(privateKeyPassword);
    return builder.trust(trust());
  }

  /** The files, trust and settings; never a password. */
  @Override
  public String toString() {
    return "SSLOptions[certificateChain="
        + certificateChain
        + ", privateKey="
        + privateKey
        + describeTrustAndSettings()
        + "]";
  }

  private static char[] copy(char[] password) {
    return password == null ? null : password.clone();
  }

  /**
   * Builds {@link PemKeyOptions}. The private key file may hold PKCS#8 ({@code BEGIN PRIVATE KEY}:
   * RSA, RSASSA-PSS, EC, Ed25519, Ed448, DSA as the JDK supports them), encrypted PKCS#8 ({@code
   * BEGIN ENCRYPTED PRIVATE KEY}, see {@link #privateKeyPassword}), PKCS#1 ({@code BEGIN RSA
   * PRIVATE KEY}) or SEC1 ({@code BEGIN EC PRIVATE KEY}, with a named curve; an {@code EC
   * PARAMETERS} block before it is skipped). OpenSSL's legacy encrypted PEM ({@code Proc-Type:
   * 4,ENCRYPTED}) is not supported. Password arrays are copied: clear yours afterwards if you like.
   */
  public static final class Builder extends TrustingBuilder<Builder> {
    private final Path certificateChain;
    private final Path privateKey;
    private char[] privateKeyPassword;

    Builder(Path certificateChain, Path privateKey) {
      this(certificateChain, privateKey, TlsSettings.defaults());
    }

    private Builder(Path certificateChain, Path privateKey, TlsSettings settings) {
      super(settings);
      this.certificateChain = Objects.requireNonNull(certificateChain, "certificateChain");
      this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    }

    /**
     * The password of an encrypted PKCS#8 private key; ignored when the key is not encrypted. The
     * array is copied.
     *
     * @throws NullPointerException if {@code password} is null
     */
    public Builder privateKeyPassword(char[] password) {
      this.privateKeyPassword = Objects.requireNonNull(password, "privateKeyPassword").clone();
      return this;
    }

    /**
     * Reads and checks the files and builds the context.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it when a file is
     *     missing, a directory, unreadable or malformed, or the private key does not match the
     *     first certificate of the chain; or when the context supports none of the protocols or
     *     ciphers
     */
    @Override
    public PemKeyOptions build() {
      List<X509Certificate> chain = PemFiles.certificates("certificate chain", certificateChain);
      PrivateKey key = PemFiles.privateKey(privateKey, privateKeyPassword);
      checkKeyMatches(key, chain);
      KeyManager[] keyManagers = TlsSupport.keyManagers(key, chain);
      return new PemKeyOptions(this, TlsSupport.newContext(keyManagers, chosenTrust(), settings()));
    }

    private void checkKeyMatches(PrivateKey key, List<X509Certificate> chain) {
      if (PemFiles.matches(key, chain.get(0).getPublicKey())) {
        return;
      }
      String problem =
          PemFiles.name("private key", privateKey)
              + " does not match the first certificate of "
              + PemFiles.name("certificate chain", certificateChain)
              + " ("
              + chain.get(0).getSubjectX500Principal().getName()
              + ")";
      for (int i = 1; i < chain.size(); i++) {
        if (PemFiles.matches(key, chain.get(i).getPublicKey())) {
          throw new IllegalArgumentException(
              problem
                  + ", but certificate "
                  + (i + 1)
                  + " of the chain (expected: the certificate of the key first)");
        }
      }
      throw new IllegalArgumentException(problem);
    }

    @Override
    Builder self() {
      return this;
    }
  }
}
