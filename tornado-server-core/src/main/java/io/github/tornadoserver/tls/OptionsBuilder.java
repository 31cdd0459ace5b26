package io.github.tornadoserver.tls;

import io.github.tornadoserver.tls.SSLOptions.ClientAuth;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The {@link TlsSettings} part of every {@link SSLOptions} builder. Setters check their argument at
 * once; {@code build()} takes a snapshot, so changing a builder afterwards never changes what it
 * built. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by each setter
 */
public abstract sealed class OptionsBuilder<B extends OptionsBuilder<B>>
    permits TrustingBuilder, ContextOptions.Builder {
  private ClientAuth clientAuth;
  private List<String> protocols;
  private List<String> ciphers;
  private boolean checkHostname;

  OptionsBuilder(TlsSettings settings) {
    this.clientAuth = settings.clientAuth();
    this.protocols = settings.protocols();
    this.ciphers = settings.ciphers();
    this.checkHostname = settings.checkHostname();
  }

  /**
   * Whether a server asks for a client certificate: Tornado's {@code cert_reqs}. Default {@link
   * ClientAuth#NONE}. Client certificates are verified against the trusted certificates.
   *
   * @throws NullPointerException if {@code clientAuth} is null
   */
  public B clientAuth(ClientAuth clientAuth) {
    this.clientAuth = Objects.requireNonNull(clientAuth, "clientAuth");
    return self();
  }

  /**
   * The TLS versions to enable, by JSSE name ("TLSv1.3", "TLSv1.2"): Tornado's {@code ssl_version}.
   * Default TLSv1.3 and TLSv1.2. Names the JDK does not support are left out when an engine is
   * made; {@code build()} fails if none is supported.
   *
   * @throws NullPointerException if {@code protocols} is null
   * @throws IllegalArgumentException if there are none, or one is null or blank
   */
  public B protocols(String... protocols) {
    this.protocols = TlsSettings.protocolNames(protocols);
    return self();
  }

  /**
   * The cipher suites to enable, by JSSE (IANA) name such as "TLS_AES_128_GCM_SHA256": Tornado's
   * {@code ciphers}. Default: the JDK's. OpenSSL cipher strings ("ECDHE+AESGCM:!aNULL") are not
   * understood. Names the JDK does not support are left out when an engine is made; {@code build()}
   * fails if none is supported.
   *
   * @throws NullPointerException if {@code ciphers} is null
   * @throws IllegalArgumentException if there are none, one is null or blank, or one looks like an
   *     OpenSSL cipher string
   */
  public B ciphers(String... ciphers) {
    Objects.requireNonNull(ciphers, "ciphers");
    this.ciphers = TlsSettings.cipherNames(Arrays.asList(ciphers));
    return self();
  }

  /**
   * Client side: whether the server's certificate must be for the host connected to (RFC 6125, as
   * for HTTPS). Default true. Turning it off still verifies the certificate chain.
   */
  public B checkHostname(boolean checkHostname) {
    this.checkHostname = checkHostname;
    return self();
  }

  /**
   * Reads and checks what the options need (files, key store, context) and builds them: a snapshot,
   * unchanged by later calls on this builder.
   *
   * @throws IllegalArgumentException naming the value and what was expected when a file cannot be
   *     used or the context supports none of the protocols or ciphers
   */
  public abstract SSLOptions build();

  /** The settings as they are now: the snapshot {@code build()} keeps. */
  final TlsSettings settings() {
    return new TlsSettings(clientAuth, protocols, ciphers, checkHostname);
  }

  abstract B self();
}
