package io.github.tornadoserver.tls;

import javax.net.ssl.SSLContext;

/**
 * What the {@link SSLOptions} that make their own context share: whom they trust, their settings,
 * and the context made from those and their key (if any) when they were built. Their key material
 * is what tells them apart.
 */
public abstract sealed class TrustingOptions permits PemKeyOptions, KeyStoreOptions, NoKeyOptions {
  private final Trust trust;
  private final TlsSettings settings;
  private final SSLContext context;

  TrustingOptions(TrustingBuilder<?> builder, SSLContext context) {
    this.trust = builder.chosenTrust();
    this.settings = builder.settings();
    this.context = context;
  }

  /** Whom the peer's certificate must be signed by. */
  public Trust trust() {
    return trust;
  }

  /** The protocols, ciphers, client authentication and host name check. */
  public TlsSettings settings() {
    return settings;
  }

  /** The context made when these options were built. */
  public SSLContext context() {
    return context;
  }

  /** Whether the peer's certificate is verified: unless the trust is {@link Trust#everything()}. */
  public boolean verifyPeer() {
    return trust.verifiesPeer();
  }

  /** The trust and settings as {@code toString()} ends them. */
  final String describeTrustAndSettings() {
    return TlsSupport.describe(trust, settings, verifyPeer());
  }
}
