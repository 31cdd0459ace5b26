package io.github.tornadoserver.tls;

import javax.net.ssl.SSLContext;

/**
 * {@link SSLOptions} without a key: a client's, which presents no certificate and only says whom it
 * trusts. Made by {@link SSLOptions#withoutKey()} or {@link SSLOptions#defaultClient()}; immutable.
 * A server cannot use it.
 */
public final class NoKeyOptions extends TrustingOptions implements SSLOptions {
  private NoKeyOptions(Builder builder, SSLContext context) {
    super(builder, context);
  }

  static NoKeyOptions defaultClient() {
    return DefaultClient.INSTANCE;
  }

  /** Built on first use: the JDK's trust store is loaded then. */
  private static final class DefaultClient {
    static final NoKeyOptions INSTANCE = new Builder().build();
  }

  @Override
  public boolean hasKeyMaterial() {
    return false;
  }

  /**
   * A builder holding these options' trust and settings. Its {@link Builder#build()} reads a trust
   * file again, so it picks up renewed certificates.
   */
  @Override
  public Builder toBuilder() {
    return new Builder(settings()).trust(trust());
  }

  /** The trust and settings. */
  @Override
  public String toString() {
    return "SSLOptions[no key" + describeTrustAndSettings() + "]";
  }

  /** Builds {@link NoKeyOptions}. */
  public static final class Builder extends TrustingBuilder<Builder> {
    Builder() {
      this(TlsSettings.defaults());
    }

    private Builder(TlsSettings settings) {
      super(settings);
    }

    /**
     * Reads a trust file and builds the context.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it; or when the
     *     context supports none of the protocols or ciphers
     */
    @Override
    public NoKeyOptions build() {
      return new NoKeyOptions(this, TlsSupport.newContext(null, chosenTrust(), settings()));
    }

    @Override
    Builder self() {
      return this;
    }
  }
}
