package io.github.tornadoserver.netutil;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * TLS configuration: Tornado's {@code ssl_options} (a dict of {@code certfile}, {@code keyfile},
 * {@code cert_reqs}, {@code ca_certs}, {@code ciphers}, {@code ssl_version}) or an {@code
 * SSLContext}, with {@code ssl_options_to_context} ({@link #toContext()}) and {@code
 * ssl_wrap_socket} ({@link #createEngine}).
 *
 * <p>Built by {@link #builder()} from PEM files or a key store, or around a ready {@link
 * SSLContext} ({@link #ofContext(SSLContext)}, {@link #ofContext(Supplier)}). {@link
 * Builder#build()} reads, parses and checks every file at once, so a mistake is reported at
 * startup, with the file named, and never at the first connection.
 *
 * <p>Immutable and safe to share between threads. To pick up renewed certificate files, build again
 * ({@code options.toBuilder().build()}), or give a {@link Supplier} of contexts.
 *
 * <pre>{@code
 * SSLOptions server = SSLOptions.builder()
 *     .certificateChain(Path.of("cert.pem"))
 *     .privateKey(Path.of("key.pem"))
 *     .build();
 * SSLEngine engine = server.createEngine(true, null, peerAddress);
 * }</pre>
 */
public final class SSLOptions {
  /**
   * Whether a server asks for the client's certificate: Tornado's (and Python's) {@code
   * ssl.CERT_NONE}, {@code CERT_OPTIONAL} and {@code CERT_REQUIRED}. A certificate the client does
   * send is verified against the trusted certificates (unless {@link Builder#verifyPeer(boolean)
   * verifyPeer(false)}). Ignored on the client side, where the server always sends a certificate.
   */
  public enum ClientAuth {
    /** No client certificate is asked for. */
    NONE,
    /** A client certificate is asked for; a client without one is still accepted. */
    OPTIONAL,
    /** A client certificate is required; the handshake fails without one. */
    REQUIRED
  }

  private static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private final Path certificateChain;
  private final Path privateKey;
  private final char[] privateKeyPassword;
  private final Path keyStore;
  private final char[] keyStorePassword;
  private final char[] keyPassword;
  private final String keyAlias;
  private final Path trustedCertificates;
  private final ClientAuth clientAuth;
  private final List<String> protocols;
  private final List<String> ciphers;
  private final Boolean checkHostnameSetting;
  private final boolean verifyPeer;
  private final SSLContext givenContext;
  private final Supplier<SSLContext> contextSupplier;
  private final SSLContext context;

  private SSLOptions(Builder builder, SSLContext context) {
    this.certificateChain = builder.certificateChain;
    this.privateKey = builder.privateKey;
    this.privateKeyPassword = copy(builder.privateKeyPassword);
    this.keyStore = builder.keyStore;
    this.keyStorePassword = copy(builder.keyStorePassword);
    this.keyPassword = copy(builder.keyPassword);
    this.keyAlias = builder.keyAlias;
    this.trustedCertificates = builder.trustedCertificates;
    this.clientAuth = builder.clientAuth;
    this.protocols = builder.protocols;
    this.ciphers = builder.ciphers;
    this.checkHostnameSetting = builder.checkHostname;
    this.verifyPeer = builder.verifyPeer;
    this.givenContext = builder.context;
    this.contextSupplier = builder.contextSupplier;
    this.context = context;
  }

  /** A builder with the defaults: no key, JDK default trust, TLSv1.3 and TLSv1.2, JDK ciphers. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Options around a ready context, with the defaults for everything else (no client certificate
   * asked for, TLSv1.3 and TLSv1.2, the JDK's ciphers, host names checked). The context's own key
   * and trust managers decide which certificate is sent and which are trusted. Use {@link
   * #toBuilder()} to change the other settings.
   *
   * @throws NullPointerException if {@code context} is null
   */
  public static SSLOptions ofContext(SSLContext context) {
    return builder().context(context).build();
  }

  /**
   * Options around a supplier of contexts, asked for a context for each new connection (each {@link
   * #context()}, {@link #toContext()} and {@link #createEngine} call), so that a reloaded
   * certificate applies to new connections; otherwise as {@link #ofContext(SSLContext)}. The
   * supplier must be thread-safe and must not return null.
   *
   * @throws NullPointerException if {@code contextSupplier} is null
   */
  public static SSLOptions ofContext(Supplier<SSLContext> contextSupplier) {
    return builder().context(contextSupplier).build();
  }

  /**
   * Options for a client that trusts the JDK's default trust store and checks the server's host
   * name: what a client uses when given no options. Built once and shared.
   */
  public static SSLOptions defaultClient() {
    return DefaultClient.INSTANCE;
  }

  private static final class DefaultClient {
    static final SSLOptions INSTANCE = builder().build();
  }

  /**
   * A builder holding these options' settings. Its {@link Builder#build()} reads the files again,
   * so it picks up renewed certificates.
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.certificateChain = certificateChain;
    builder.privateKey = privateKey;
    builder.privateKeyPassword = copy(privateKeyPassword);
    builder.keyStore = keyStore;
    builder.keyStorePassword = copy(keyStorePassword);
    builder.keyPassword = copy(keyPassword);
    builder.keyAlias = keyAlias;
    builder.trustedCertificates = trustedCertificates;
    builder.clientAuth = clientAuth;
    builder.protocols = protocols;
    builder.ciphers = ciphers;
    builder.checkHostname = checkHostnameSetting;
    builder.verifyPeer = verifyPeer;
    builder.context = givenContext;
    builder.contextSupplier = contextSupplier;
    return builder;
  }

  /**
   * The context for the next connection: the one built from the files or given, or a fresh one from
   * the supplier.
   *
   * @throws IllegalStateException if the supplier returns null
   */
  public SSLContext context() {
    if (contextSupplier == null) {
      return context;
    }
    SSLContext supplied = contextSupplier.get();
    if (supplied == null) {
      throw new IllegalStateException("the SSLContext supplier returned null");
    }
    return supplied;
  }

  /**
   * Tornado's {@code ssl_options_to_context}: the same as {@link #context()}. Protocols, ciphers,
   * client authentication and host name checking are settings of each engine in Java, not of the
   * context: {@link #createEngine} applies them.
   *
   * @throws IllegalStateException if the supplier returns null
   */
  public SSLContext toContext() {
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
  public SSLEngine createEngine(boolean serverSide, String serverHostname, InetSocketAddress peer) {
    return TlsSupport.createEngine(this, serverSide, serverHostname, peer);
  }

  /** Whether a server asks for, or requires, a client certificate. */
  public ClientAuth clientAuth() {
    return clientAuth;
  }

  /** The TLS protocol versions to enable, in order of preference; never empty. */
  public List<String> protocols() {
    return protocols;
  }

  /** The cipher suites to enable, in order of preference; empty for the JDK's defaults. */
  public List<String> ciphers() {
    return ciphers;
  }

  /**
   * Whether a client checks that the server's certificate is for the host it connects to. True
   * unless turned off with {@link Builder#checkHostname(boolean)} or {@link
   * Builder#verifyPeer(boolean)}.
   */
  public boolean checkHostname() {
    return checkHostnameSetting != null ? checkHostnameSetting : verifyPeer;
  }

  /**
   * Whether the peer's certificate chain is verified; false only after {@link
   * Builder#verifyPeer(boolean) verifyPeer(false)}.
   */
  public boolean verifyPeer() {
    return verifyPeer;
  }

  /**
   * Whether there is a certificate and key to present: a certificate chain and private key, a key
   * store, or a context (assumed to have been made with a key when meant for a server). A server
   * needs key material.
   */
  public boolean hasKeyMaterial() {
    return certificateChain != null
        || keyStore != null
        || contextSupplier != null
        || givenContext != null;
  }

  /** The settings, files by path; never a password. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("SSLOptions[");
    if (givenContext != null || contextSupplier != null) {
      s.append(givenContext != null ? "context=" + givenContext.getProtocol() : "context=supplier");
    } else if (keyStore != null) {
      s.append("keyStore=").append(keyStore);
      if (keyAlias != null) {
        s.append(", keyAlias=").append(keyAlias);
      }
    } else if (certificateChain != null) {
      s.append("certificateChain=").append(certificateChain);
      s.append(", privateKey=").append(privateKey);
    } else {
      s.append("no key");
    }
    if (trustedCertificates != null) {
      s.append(", trustedCertificates=").append(trustedCertificates);
    }
    s.append(", clientAuth=").append(clientAuth);
    s.append(", protocols=").append(protocols);
    if (!ciphers.isEmpty()) {
      s.append(", ciphers=").append(ciphers);
    }
    s.append(", checkHostname=").append(checkHostname());
    if (!verifyPeer) {
      s.append(", verifyPeer=false");
    }
    return s.append(']').toString();
  }

  private static char[] copy(char[] password) {
    return password == null ? null : password.clone();
  }

  /**
   * Builds {@link SSLOptions}. Setters check their argument at once; {@link #build()} checks how
   * they combine and loads the files. Password arrays are copied: clear yours afterwards if you
   * like. Not thread-safe.
   */
  public static final class Builder {
    private Path certificateChain;
    private Path privateKey;
    private char[] privateKeyPassword;
    private Path keyStore;
    private char[] keyStorePassword;
    private char[] keyPassword;
    private String keyAlias;
    private Path trustedCertificates;
    private ClientAuth clientAuth = ClientAuth.NONE;
    private List<String> protocols = DEFAULT_PROTOCOLS;
    private List<String> ciphers = List.of();
    private Boolean checkHostname;
    private boolean verifyPeer = true;
    private SSLContext context;
    private Supplier<SSLContext> contextSupplier;

    private Builder() {}

    /**
     * The PEM file of the certificate chain to present: Tornado's {@code certfile}. The end-entity
     * certificate comes first, then any intermediates. Needs {@link #privateKey}.
     *
     * @throws NullPointerException if {@code pemFile} is null
     */
    public Builder certificateChain(Path pemFile) {
      this.certificateChain = Objects.requireNonNull(pemFile, "certificateChain");
      return this;
    }

    /**
     * The PEM file of the private key of the {@link #certificateChain}: Tornado's {@code keyfile}.
     * Accepted: PKCS#8 ({@code BEGIN PRIVATE KEY}: RSA, RSASSA-PSS, EC, Ed25519, Ed448, DSA as the
     * JDK supports them), encrypted PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY}, see {@link
     * #privateKeyPassword}), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) and SEC1 ({@code BEGIN EC
     * PRIVATE KEY}, with a named curve; an {@code EC PARAMETERS} block before it is skipped).
     * OpenSSL's legacy encrypted PEM ({@code Proc-Type: 4,ENCRYPTED}) is not supported.
     *
     * @throws NullPointerException if {@code pemFile} is null
     */
    public Builder privateKey(Path pemFile) {
      this.privateKey = Objects.requireNonNull(pemFile, "privateKey");
      return this;
    }

    /**
     * The password of an encrypted PKCS#8 {@link #privateKey}; ignored when the key is not
     * encrypted. The array is copied.
     *
     * @throws NullPointerException if {@code password} is null
     */
    public Builder privateKeyPassword(char[] password) {
      this.privateKeyPassword = Objects.requireNonNull(password, "privateKeyPassword").clone();
      return this;
    }

    /**
     * A PKCS#12 or JKS key store file holding the key and certificate chain to present, instead of
     * PEM files. The type is told from the file's contents. The array is copied.
     *
     * @param password the store's password; also the keys' password unless {@link #keyPassword} is
     *     given
     * @throws NullPointerException if an argument is null
     */
    public Builder keyStore(Path file, char[] password) {
      this.keyStore = Objects.requireNonNull(file, "keyStore");
      this.keyStorePassword = Objects.requireNonNull(password, "keyStore password").clone();
      return this;
    }

    /**
     * The password of the key entries of the {@link #keyStore}, when it differs from the store's.
     * The array is copied.
     *
     * @throws NullPointerException if {@code password} is null
     */
    public Builder keyPassword(char[] password) {
      this.keyPassword = Objects.requireNonNull(password, "keyPassword").clone();
      return this;
    }

    /**
     * The alias of the one {@link #keyStore} entry to use; by default every private key entry is
     * offered and the JDK picks one per handshake.
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
     * A PEM file of the CA certificates that verify the peer: Tornado's {@code ca_certs}. On a
     * server, the certificates of clients; on a client, the server's (instead of the JDK's default
     * trust store).
     *
     * @throws NullPointerException if {@code caPemFile} is null
     */
    public Builder trustedCertificates(Path caPemFile) {
      this.trustedCertificates = Objects.requireNonNull(caPemFile, "trustedCertificates");
      return this;
    }

    /**
     * Whether a server asks for a client certificate: Tornado's {@code cert_reqs}. Default {@link
     * ClientAuth#NONE}. Client certificates are verified against the {@link #trustedCertificates},
     * or the JDK's default trust store when none are given.
     *
     * @throws NullPointerException if {@code clientAuth} is null
     */
    public Builder clientAuth(ClientAuth clientAuth) {
      this.clientAuth = Objects.requireNonNull(clientAuth, "clientAuth");
      return this;
    }

    /**
     * The TLS versions to enable, by JSSE name ("TLSv1.3", "TLSv1.2"): Tornado's {@code
     * ssl_version}. Default TLSv1.3 and TLSv1.2. Names the JDK does not support are left out when
     * an engine is made; {@link #build()} fails if none is supported.
     *
     * @throws NullPointerException if {@code protocols} is null
     * @throws IllegalArgumentException if there are none, or one is null or blank
     */
    public Builder protocols(String... protocols) {
      this.protocols = names("protocols", protocols, "protocol names such as TLSv1.3");
      return this;
    }

    /**
     * The cipher suites to enable, by JSSE (IANA) name such as "TLS_AES_128_GCM_SHA256": Tornado's
     * {@code ciphers}. Default: the JDK's. OpenSSL cipher strings ("ECDHE+AESGCM:!aNULL") are not
     * understood. Names the JDK does not support are left out when an engine is made; {@link
     * #build()} fails if none is supported.
     *
     * @throws NullPointerException if {@code ciphers} is null
     * @throws IllegalArgumentException if there are none, one is null or blank, or one looks like
     *     an OpenSSL cipher string
     */
    public Builder ciphers(String... ciphers) {
      List<String> names =
          names("ciphers", ciphers, "cipher suite names such as TLS_AES_128_GCM_SHA256");
      for (String name : names) {
        if (name.matches(".*[:+!\\s].*")) {
          throw new IllegalArgumentException(
              "ciphers: "
                  + names
                  + " (expected: JSSE cipher suite names such as TLS_AES_128_GCM_SHA256, not an"
                  + " OpenSSL cipher string)");
        }
      }
      this.ciphers = names;
      return this;
    }

    private static List<String> names(String what, String[] values, String expected) {
      Objects.requireNonNull(values, what);
      List<String> given = new ArrayList<>();
      for (String value : values) {
        given.add(value == null ? null : "\"" + value + "\"");
      }
      if (values.length == 0) {
        throw new IllegalArgumentException(what + ": [] (expected: at least one)");
      }
      LinkedHashSet<String> names = new LinkedHashSet<>();
      for (String value : values) {
        if (value == null || value.isBlank()) {
          throw new IllegalArgumentException(what + ": " + given + " (expected: " + expected + ")");
        }
        names.add(value);
      }
      return List.copyOf(names);
    }

    /**
     * Client side: whether the server's certificate must be for the host connected to (RFC 6125, as
     * for HTTPS). Default true. Turning it off still verifies the certificate chain, unless {@link
     * #verifyPeer(boolean) verifyPeer(false)} is also set.
     */
    public Builder checkHostname(boolean checkHostname) {
      this.checkHostname = checkHostname;
      return this;
    }

    /**
     * Whether the peer's certificate chain is verified. Default true. <b>{@code false} is
     * insecure</b>: every certificate is accepted, and no host name is checked, so anyone in the
     * middle can read and change the traffic. For tests and development only. Cannot be combined
     * with {@link #trustedCertificates}, {@code checkHostname(true)} or a context.
     */
    public Builder verifyPeer(boolean verifyPeer) {
      this.verifyPeer = verifyPeer;
      return this;
    }

    /**
     * A ready context to use instead of key and trust files; its key and trust managers decide
     * which certificate is presented and which are trusted. Clears a {@linkplain #context(Supplier)
     * supplier}.
     *
     * @throws NullPointerException if {@code context} is null
     */
    public Builder context(SSLContext context) {
      this.context = Objects.requireNonNull(context, "context");
      this.contextSupplier = null;
      return this;
    }

    /**
     * A supplier asked for a context for each new connection, to use instead of key and trust
     * files, so that renewed certificates apply to new connections. Must be thread-safe and never
     * return null. Clears a {@linkplain #context(SSLContext) context}.
     *
     * @throws NullPointerException if {@code contextSupplier} is null
     */
    public Builder context(Supplier<SSLContext> contextSupplier) {
      this.contextSupplier = Objects.requireNonNull(contextSupplier, "contextSupplier");
      this.context = null;
      return this;
    }

    /**
     * Checks the settings, reads and checks every file, and builds the context.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it when a file is
     *     missing, a directory, unreadable or malformed; when the private key does not match the
     *     certificate; when a key store password or alias is wrong; when settings that need each
     *     other are missing (a certificate chain without a private key, or the reverse; a key
     *     password without a key) or exclude each other (a context with files, a key store with PEM
     *     files, {@code verifyPeer(false)} with trusted certificates or {@code
     *     checkHostname(true)}); or when the context supports none of the protocols or ciphers
     */
    public SSLOptions build() {
      checkCombination();
      if (context != null) {
        checkSupported(context);
        return new SSLOptions(this, context);
      }
      if (contextSupplier != null) {
        return new SSLOptions(this, null);
      }
      KeyManager[] keyManagers = null;
      if (certificateChain != null) {
        List<X509Certificate> chain = PemFiles.certificates("certificate chain", certificateChain);
        PrivateKey key = PemFiles.privateKey(privateKey, privateKeyPassword);
        checkKeyMatches(key, chain);
        keyManagers = TlsSupport.keyManagers(key, chain);
      } else if (keyStore != null) {
        keyManagers =
            TlsSupport.keyStoreKeyManagers(
                keyStore,
                keyStorePassword,
                keyPassword != null ? keyPassword : keyStorePassword,
                keyAlias);
      }
      TrustManager[] trustManagers = null;
      if (trustedCertificates != null) {
        trustManagers =
            TlsSupport.trustManagers(
                PemFiles.certificates("trusted certificates", trustedCertificates));
      } else if (!verifyPeer) {
        trustManagers = TlsSupport.trustEverything();
      }
      SSLContext built = TlsSupport.newContext(keyManagers, trustManagers);
      checkSupported(built);
      return new SSLOptions(this, built);
    }

    private void checkCombination() {
      if (context != null || contextSupplier != null) {
        List<String> files = new ArrayList<>();
        if (certificateChain != null) {
          files.add("certificateChain");
        }
        if (privateKey != null) {
          files.add("privateKey");
        }
        if (keyStore != null) {
          files.add("keyStore");
        }
        if (trustedCertificates != null) {
          files.add("trustedCertificates");
        }
        if (!files.isEmpty()) {
          throw new IllegalArgumentException(
              "context: set together with "
                  + String.join(", ", files)
                  + " (expected: a context, or key and trust files, not both)");
        }
        if (!verifyPeer) {
          throw new IllegalArgumentException(
              "verifyPeer: false with a context (expected: the context's trust managers to"
                  + " decide)");
        }
      }
      if (certificateChain != null && privateKey == null) {
        throw new IllegalArgumentException(
            "certificateChain: "
                + certificateChain
                + " is set without privateKey (expected: both, or neither)");
      }
      if (privateKey != null && certificateChain == null) {
        throw new IllegalArgumentException(
            "privateKey: "
                + privateKey
                + " is set without certificateChain (expected: both, or neither)");
      }
      if (privateKeyPassword != null && privateKey == null) {
        throw new IllegalArgumentException(
            "privateKeyPassword is set without privateKey (expected: both, or neither)");
      }
      if (keyStore != null && certificateChain != null) {
        throw new IllegalArgumentException(
            "keyStore: "
                + keyStore
                + " is set together with certificateChain: "
                + certificateChain
                + " (expected: one of them)");
      }
      if (keyStore == null && (keyPassword != null || keyAlias != null)) {
        throw new IllegalArgumentException(
            (keyPassword != null ? "keyPassword" : "keyAlias")
                + " is set without keyStore (expected: both, or neither)");
      }
      if (!verifyPeer && trustedCertificates != null) {
        throw new IllegalArgumentException(
            "verifyPeer: false with trustedCertificates: "
                + trustedCertificates
                + " (expected: one of them)");
      }
      if (!verifyPeer && Boolean.TRUE.equals(checkHostname)) {
        throw new IllegalArgumentException(
            "checkHostname: true with verifyPeer: false (expected: checkHostname(false); a host"
                + " name cannot be checked on a certificate that is not verified)");
      }
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

    private void checkSupported(SSLContext context) {
      SSLParameters supported = context.getSupportedSSLParameters();
      TlsSupport.supportedOnly("protocols", protocols, supported.getProtocols());
      if (!ciphers.isEmpty()) {
        TlsSupport.supportedOnly("ciphers", ciphers, supported.getCipherSuites());
      }
    }
  }
}
