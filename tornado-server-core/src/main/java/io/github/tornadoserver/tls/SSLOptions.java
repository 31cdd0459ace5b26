package io.github.tornadoserver.tls;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * TLS configuration: Tornado's {@code ssl_options} (a dict of {@code certfile}, {@code keyfile},
 * {@code cert_reqs}, {@code ca_certs}, {@code ciphers}, {@code ssl_version}) or an {@code
 * SSLContext}, with {@code ssl_options_to_context} ({@link #toContext()}) and {@code
 * ssl_wrap_socket} ({@link #createEngine}).
 *
 * <p>Where the key and the trust come from is a type, one per shape, so that settings which exclude
 * each other cannot be combined:
 *
 * <ul>
 *   <li>{@link PemKeyOptions}: a certificate chain and private key in PEM files ({@link
 *       #pemFiles});
 *   <li>{@link KeyStoreOptions}: a PKCS#12 or JKS key store file ({@link #keyStore});
 *   <li>{@link NoKeyOptions}: no key, for a client ({@link #withoutKey()}, {@link
 *       #defaultClient()});
 *   <li>{@link ContextOptions}: a ready {@link SSLContext} or a supplier of them ({@link
 *       #ofContext(SSLContext)}, {@link #fromContext(Supplier)}), whose key and trust managers
 *       decide everything the files would.
 * </ul>
 *
 * <p>The three file shapes also say whom to trust ({@link Trust}); every shape carries the shared
 * {@link TlsSettings} (client authentication, protocols, ciphers, host name checking). Each
 * builder's {@code build()} reads, parses and checks every file at once, so a mistake is reported
 * at startup, with the file named, and never at the first connection.
 *
 * <p>Every implementation is immutable and safe to share between threads. To pick up renewed
 * certificate files, build again ({@code options.toBuilder().build()}), or give a {@link Supplier}
 * of contexts.
 *
 * <pre>{@code
 * SSLOptions server = SSLOptions.pemFiles(Path.of("cert.pem"), Path.of("key.pem")).build();
 * SSLEngine engine = server.createEngine(true, null, peerAddress);
 * }</pre>
 */
public sealed interface SSLOptions
    permits PemKeyOptions, KeyStoreOptions, NoKeyOptions, ContextOptions {
  /**
   * Whether a server asks for the client's certificate: Tornado's (and Python's) {@code
   * ssl.CERT_NONE}, {@code CERT_OPTIONAL} and {@code CERT_REQUIRED}. A certificate the client does
   * send is verified against the trusted certificates (unless the server {@linkplain
   * Trust#everything() trusts everything}). Ignored on the client side, where the server always
   * sends a certificate.
   */
  enum ClientAuth {
    /** No client certificate is asked for. */
    NONE,
    /** A client certificate is asked for; a client without one is still accepted. */
    OPTIONAL,
    /** A client certificate is required; the handshake fails without one. */
    REQUIRED
  }

  /**
   * Options presenting the certificate chain and private key of two PEM files: Tornado's {@code
   * certfile} and {@code keyfile}. See {@link PemKeyOptions.Builder} for the accepted formats.
   *
   * @param certificateChain the end-entity certificate first, then any intermediates
   * @param privateKey the key of the chain's first certificate; may be the same file
   * @throws NullPointerException if an argument is null
   */
  static PemKeyOptions.Builder pemFiles(Path certificateChain, Path privateKey) {
    return new PemKeyOptions.Builder(certificateChain, privateKey);
  }

  /**
   * Options presenting the private key entries of a PKCS#12 or JKS key store file; the type is told
   * from the file's contents. The array is copied.
   *
   * @param password the store's password; also the keys' password unless {@link
   *     KeyStoreOptions.Builder#keyPassword} is given
   * @throws NullPointerException if an argument is null
   */
  static KeyStoreOptions.Builder keyStore(Path file, char[] password) {
    return new KeyStoreOptions.Builder(file, password);
  }

  /** Options without a key, for a client: by default the JDK's trust store and host name checks. */
  static NoKeyOptions.Builder withoutKey() {
    return new NoKeyOptions.Builder();
  }

  /**
   * Options for a client that trusts the JDK's default trust store and checks the server's host
   * name: what a client uses when given no options. Built once and shared.
   */
  static NoKeyOptions defaultClient() {
    return NoKeyOptions.defaultClient();
  }

  /**
   * Options around a ready context, with the default settings (no client certificate asked for,
   * TLSv1.3 and TLSv1.2, the JDK's ciphers, host names checked). The context's own key and trust
   * managers decide which certificate is sent and which are trusted.
   *
   * @throws NullPointerException if {@code context} is null
   * @throws IllegalArgumentException if the context supports none of the default protocols
   */
  static ContextOptions ofContext(SSLContext context) {
    return fromContext(context).build();
  }

  /**
   * Options around a supplier of contexts, with the default settings: see {@link
   * #fromContext(Supplier)}.
   *
   * @throws NullPointerException if {@code contextSupplier} is null
   */
  static ContextOptions ofContext(Supplier<SSLContext> contextSupplier) {
    return fromContext(contextSupplier).build();
  }

  /**
   * A builder of options around a ready context, to change the {@link TlsSettings}.
   *
   * @throws NullPointerException if {@code context} is null
   */
  static ContextOptions.Builder fromContext(SSLContext context) {
    return new ContextOptions.Builder(context);
  }

  /**
   * A builder of options around a supplier asked for a context for each new connection (each {@link
   * #context()}, {@link #toContext()} and {@link #createEngine} call), so that a reloaded
   * certificate applies to new connections. The supplier must be thread-safe and must not return
   * null.
   *
   * @throws NullPointerException if {@code contextSupplier} is null
   */
  static ContextOptions.Builder fromContext(Supplier<SSLContext> contextSupplier) {
    return new ContextOptions.Builder(contextSupplier);
  }

  /** The settings every shape shares: client authentication, protocols, ciphers, host names. */
  TlsSettings settings();

  /**
   * The context for the next connection: the one built from the files or given, or a fresh one from
   * the supplier.
   *
   * @throws IllegalStateException if the supplier returns null
   */
  SSLContext context();

  /**
   * Whether the peer's certificate chain is verified; false only when the options {@linkplain
   * Trust#everything() trust everything}.
   */
  boolean verifyPeer();

  /**
   * Whether there is a certificate and key to present: PEM files, a key store, or a context
   * (assumed to have been made with a key when meant for a server). A server needs key material.
   */
  boolean hasKeyMaterial();

  /**
   * A builder holding these options' settings, and their files or context. Its {@code build()}
   * reads the files again, so it picks up renewed certificates; each shape returns its own builder
   * type.
   */
  OptionsBuilder<?> toBuilder();

  /**
   * Tornado's {@code ssl_options_to_context}: the same as {@link #context()}. Protocols, ciphers,
   * client authentication and host name checking are settings of each engine in Java, not of the
   * context: {@link #createEngine} applies them.
   *
   * @throws IllegalStateException if the supplier returns null
   */
  default SSLContext toContext() {
    return context();
  }

  /**
   * Tornado's {@code ssl_wrap_socket}: a new engine from {@link #context()}, configured, with no
   * handshake begun.
   *
   * <ul>
   *   <li>server side: client authentication per {@link #clientAuth()};
   *   <li>client side: client mode; the SNI server name (RFC 6066) set to {@code serverHostname}
   *       when it is a host name, not an IP literal; with {@link #checkHostname()}, endpoint
   *       identification "HTTPS" (RFC 2818 / RFC 6125), so the handshake fails unless the server's
   *       certificate is for {@code serverHostname};
   *   <li>both: the {@link #protocols()} and {@link #ciphers()} that the engine supports.
   * </ul>
   *
   * @param serverSide whether the engine is the server's end of the connection
   * @param serverHostname client side: the host name (or IP literal, IPv6 in brackets or not) that
   *     the server's certificate must be for; null to use the host of {@code peer}. Ignored on the
   *     server side
   * @param peer the remote address, used as a hint for session resumption; may be null
   * @throws IllegalStateException on the server side when these options have no key material, or
   *     when the context supplier returns null
   * @throws IllegalArgumentException on the client side with {@link #checkHostname()} and neither a
   *     {@code serverHostname} nor a {@code peer}; or when the engine supports none of the {@link
   *     #protocols()} or none of the {@link #ciphers()} (the message names them)
   */
  default SSLEngine createEngine(
      boolean serverSide, String serverHostname, InetSocketAddress peer) {
    return TlsSupport.createEngine(this, serverSide, serverHostname, peer);
  }

  /** Whether a server asks for, or requires, a client certificate. */
  default ClientAuth clientAuth() {
    return settings().clientAuth();
  }

  /** The TLS protocol versions to enable, in order of preference; never empty. */
  default List<String> protocols() {
    return settings().protocols();
  }

  /** The cipher suites to enable, in order of preference; empty for the JDK's defaults. */
  default List<String> ciphers() {
    return settings().ciphers();
  }

  /**
   * Whether a client checks that the server's certificate is for the host it connects to: the
   * {@linkplain TlsSettings#checkHostname() setting}, and never when no certificate is verified
   * ({@link #verifyPeer()} false).
   */
  default boolean checkHostname() {
    return settings().checkHostname() && verifyPeer();
  }
}
