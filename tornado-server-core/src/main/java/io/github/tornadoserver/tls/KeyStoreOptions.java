package io.github.tornadoserver.tls;

import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;

/**
 * {@link SSLOptions} presenting the private key entries of a PKCS#12 or JKS key store file. Made by
 * {@link SSLOptions#keyStore}; immutable; the store was opened, and every key used recovered and
 * checked against its certificate, when it was built.
 */
public final class KeyStoreOptions extends TrustingOptions implements SSLOptions {
  private final Path file;
  private final char[] storePassword;
  private final char[] keyPassword;
  private final String keyAlias;

  private KeyStoreOptions(Builder builder, SSLContext context) {
    super(builder, context);
    this.file = builder.file;
    this.storePassword = builder.storePassword.clone();
    this.keyPassword = builder.keyPassword == null ? null : builder.keyPassword.clone();
    this.keyAlias = builder.keyAlias;
  }

  /** The key store file. */
  public Path file() {
    return file;
  }

  /** The one entry presented; null when every private key entry is offered. */
  public String keyAlias() {
    return keyAlias;
  }

  @Override
  public boolean hasKeyMaterial() {
    return true;
  }

  /**
   * A builder holding these options' file, passwords and settings. Its {@link Builder#build()}
   * opens the store again, so it picks up a renewed one.
   */
  @Override
  public Builder toBuilder() {
    Builder builder = new Builder(file, storePassword, settings());
    if (keyPassword != null) {
      builder.keyPassword(keyPassword);
    }
    builder.keyAlias = keyAlias;
    return builder.trust(trust());
  }

  /** The file, alias, trust and settings; never a password. */
  @Override
  public String toString() {
    return "SSLOptions[keyStore="
        + file
        + (keyAlias != null ? ", keyAlias=" + keyAlias : "")
        + describeTrustAndSettings()
        + "]";
  }

  /** Builds {@link KeyStoreOptions}. Password arrays are copied. */
  public static final class Builder extends TrustingBuilder<Builder> {
    private final Path file;
    private final char[] storePassword;
    private char[] keyPassword;
    private String keyAlias;

    Builder(Path file, char[] storePassword) {
      this(file, storePassword, TlsSettings.defaults());
    }

    private Builder(Path file, char[] storePassword, TlsSettings settings) {
      super(settings);
      this.file = Objects.requireNonNull(file, "keyStore");
      this.storePassword = Objects.requireNonNull(storePassword, "keyStore password").clone();
    }

    /**
     * The password of the key entries, when it differs from the store's. The array is copied.
     *
     * @throws NullPointerException if {@code password} is null
     */
    public Builder keyPassword(char[] password) {
      this.keyPassword = Objects.requireNonNull(password, "keyPassword").clone();
      return this;
    }

    /**
     * The alias of the one entry to present; by default every private key entry is offered and the
     * JDK picks one per handshake.
     *
     * @throws NullPointerException if {@code alias} is null
     * @throws IllegalArgumentException if {@code alias} is empty
     */
    public Builder keyAlias(String alias) {
      Objects.requireNonNull(alias, "keyAlias");
      if (alias.isEmpty()) {
        throw new IllegalArgumentException("keyAlias: \"\" (expected: an entry name)");
      }
      this.keyAlias = alias;
      return this;
    }

    /**
     * Opens the store, recovers and checks its keys, and builds the context.
     *
     * @throws IllegalArgumentException naming the file and what is wrong: missing, not a key store,
     *     a wrong password, an alias that is not a private key entry, a key that does not match its
     *     certificate; or when the context supports none of the protocols or ciphers
     */
    @Override
    public KeyStoreOptions build() {
      KeyManager[] keyManagers =
          TlsSupport.keyStoreKeyManagers(
              file, storePassword, keyPassword != null ? keyPassword : storePassword, keyAlias);
      return new KeyStoreOptions(
          this, TlsSupport.newContext(keyManagers, chosenTrust(), settings()));
    }

    @Override
    Builder self() {
      return this;
    }
  }
}
