package io.github.tornadoserver.tls;

import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * {@link SSLOptions} without a key: a client's, which presents no certificate and only says whom it
 * trusts. Made by {@link SSLOptions#withoutKey()} or {@link SSLOptions#defaultClient()}; immutable.
 * A server cannot use it.
 */
public final class NoKeyOptions implements SSLOptions {
  private final Trust trust;
  private final TlsSettings settings;
  private final SSLContext context;

  private NoKeyOptions(Builder builder, SSLContext context) {
    this.trust = builder.trust;
    this.settings = builder.settings();
    this.context = context;
  }

  static NoKeyOptions defaultClient() {
    return DefaultClient.INSTANCE;
  }

  /** Built on first use: the JDK's trust store is loaded then. */
  private static final class DefaultClient {
    static final NoKeyOptions INSTANCE = new Builder().build();
  }

  /** Whom the server's certificate must be signed by. */
  public Trust trust() {
    return trust;
  }

  @Override
  public TlsSettings settings() {
    return settings;
  }

  @Override
  public SSLContext context() {
    return context;
  }

  @Override
  public boolean verifyPeer() {
    return trust.verifiesPeer();
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
    Builder builder = new Builder(settings);
    builder.trust = trust;
    return builder;
  }

  /** The trust and settings. */
  @Override
  public String toString() {
    return "SSLOptions[no key" + TlsSupport.describe(trust, settings, verifyPeer()) + "]";
  }

  /** Builds {@link NoKeyOptions}. */
  public static final class Builder extends OptionsBuilder<Builder> {
    private Trust trust = Trust.jdkDefault();

    Builder() {
      this(TlsSettings.defaults());
    }

    private Builder(TlsSettings settings) {
      super(settings);
    }

    /**
     * Whom the server's certificate must be signed by; default {@link Trust#jdkDefault()}. With
     * {@link Trust#everything()} no host name is checked either.
     *
     * @throws NullPointerException if {@code trust} is null
     */
    public Builder trust(Trust trust) {
      this.trust = Objects.requireNonNull(trust, "trust");
      return this;
    }

    /**
     * {@code trust(Trust.pemFile(caPemFile))}: Tornado's {@code ca_certs}, instead of the JDK's
     * default trust store.
     *
     * @throws NullPointerException if {@code caPemFile} is null
     */
    public Builder trustedCertificates(Path caPemFile) {
      return trust(Trust.pemFile(caPemFile));
    }

    /**
     * Reads a trust file and builds the context.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it; or when the
     *     context supports none of the protocols or ciphers
     */
    @Override
    public NoKeyOptions build() {
      return new NoKeyOptions(this, TlsSupport.newContext(null, trust, settings()));
    }

    @Override
    Builder self() {
      return this;
    }
  }
}
