package io.github.tornadoserver.tls;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The part of the builders of {@link TrustingOptions} that says whom the peer's certificate must be
 * signed by. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by each setter
 */
public abstract sealed class TrustingBuilder<B extends TrustingBuilder<B>> extends OptionsBuilder<B>
    permits PemKeyOptions.Builder, KeyStoreOptions.Builder, NoKeyOptions.Builder {
  private Trust trust = Trust.jdkDefault();

  TrustingBuilder(TlsSettings settings) {
    super(settings);
  }

  /**
   * Whom the peer's certificate must be signed by; default {@link Trust#jdkDefault()}. With {@link
   * Trust#everything()} no certificate is verified, and a client checks no host name either.
   *
   * @throws NullPointerException if {@code trust} is null
   */
  public B trust(Trust trust) {
    this.trust = Objects.requireNonNull(trust, "trust");
    return self();
  }

  /**
   * {@code trust(Trust.pemFile(caPemFile))}: Tornado's {@code ca_certs}, instead of the JDK's
   * default trust store.
   *
   * @throws NullPointerException if {@code caPemFile} is null
   */
  public B trustedCertificates(Path caPemFile) {
    return trust(Trust.pemFile(caPemFile));
  }

  /** The trust as it is now. */
  final Trust chosenTrust() {
    return trust;
  }
}
