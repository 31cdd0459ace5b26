package io.github.tornadoserver.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machinery behind {@link SSLOptions}: Tornado's {@code ssl_options_to_context} and {@code
 * ssl_wrap_socket}, key stores, key and trust managers.
 */
final class TlsSupport {
  private static final Logger GEN_LOG = LoggerFactory.getLogger("tornado.general");
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  /** The password of the in-memory key stores handed to key manager factories; not a secret. */
  private static final char[] IN_MEMORY_PASSWORD = "tornado".toCharArray();

  private TlsSupport() {}

  /**
   * A new context with {@code keyManagers} (null: no key) and the managers of {@code trust},
   * checked to support some of the {@code settings}' protocols and ciphers.
   */
  static SSLContext newContext(KeyManager[] keyManagers, Trust trust, TlsSettings settings) {
    SSLContext context = newContext(keyManagers, trustManagers(trust));
    checkSupported(context, settings);
    return context;
  }

  /**
   * Fails unless {@code context} supports one of the protocols and, when any are named, one of the
   * ciphers of {@code settings}.
   *
   * @throws IllegalArgumentException naming the values and the supported ones
   */
  static void checkSupported(SSLContext context, TlsSettings settings) {
    SSLParameters supported = context.getSupportedSSLParameters();
    supportedOnly("protocols", settings.protocols(), supported.getProtocols());
    if (!settings.ciphers().isEmpty()) {
      supportedOnly("ciphers", settings.ciphers(), supported.getCipherSuites());
    }
  }

  /** The trust managers of {@code trust}; null for the JDK's default. Reads a PEM file now. */
  static TrustManager[] trustManagers(Trust trust) {
    if (trust instanceof Trust.PemFile) {
      Path file = ((Trust.PemFile) trust).file();
      return trustManagers(PemFiles.certificates("trusted certificates", file));
    }
    if (trust instanceof Trust.Everything) {
      return new TrustManager[] {new TrustEverything()};
    }
    return null;
  }

  /** A new TLS context; null managers mean the JDK's defaults (no key, the default trust). */
  private static SSLContext newContext(KeyManager[] keyManagers, TrustManager[] trustManagers) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers, trustManagers, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create a TLS context: " + PemFiles.reason(e), e);
    }
  }

  /** Key managers serving one key with its certificate chain. */
  static KeyManager[] keyManagers(PrivateKey key, List<X509Certificate> chain) {
    KeyStore store = emptyKeyStore();
    try {
      store.setKeyEntry("key", key, IN_MEMORY_PASSWORD, chain.toArray(new Certificate[0]));
    } catch (KeyStoreException e) {
      throw new IllegalArgumentException("cannot use the private key: " + PemFiles.reason(e), e);
    }
    return keyManagers(store);
  }

  private static KeyManager[] keyManagers(KeyStore store) {
    try {
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, IN_MEMORY_PASSWORD);
      return factory.getKeyManagers();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create key managers: " + PemFiles.reason(e), e);
    }
  }

  /** Trust managers that trust exactly {@code certificates} as anchors (PKIX validation). */
  private static TrustManager[] trustManagers(List<X509Certificate> certificates) {
    KeyStore store = emptyKeyStore();
    try {
      for (int i = 0; i < certificates.size(); i++) {
        store.setCertificateEntry("ca-" + i, certificates.get(i));
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory.getTrustManagers();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create trust managers: " + PemFiles.reason(e), e);
    }
  }

  private static KeyStore emptyKeyStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot create an in-memory key store", e);
    }
  }

  /**
   * Key managers for the private key entries of a PKCS#12 or JKS key store file: the entry named
   * {@code alias}, or every private key entry when it is null. Every key is recovered and checked
   * against its certificate here, so that a wrong password fails now rather than at the first
   * handshake.
   */
  static KeyManager[] keyStoreKeyManagers(
      Path file, char[] password, char[] keyPassword, String alias) {
    String name = PemFiles.name("key store", file);
    KeyStore source = loadKeyStore(file, password);
    KeyStore store = emptyKeyStore();
    try {
      for (String entry : selectedAliases(source, alias, name)) {
        copyKeyEntry(source, entry, keyPassword, alias, name, store);
      }
    } catch (KeyStoreException | NoSuchAlgorithmException e) {
      throw new IllegalArgumentException(name + " cannot be used: " + PemFiles.reason(e), e);
    }
    return keyManagers(store);
  }

  /** The entry named {@code alias}, checked to be a key entry; or every private key entry. */
  private static List<String> selectedAliases(KeyStore source, String alias, String name)
      throws KeyStoreException {
    if (alias == null) {
      List<String> aliases = privateKeyAliases(source);
      if (aliases.isEmpty()) {
        throw new IllegalArgumentException(name + " holds no private key entry");
      }
      return aliases;
    }
    if (!source.containsAlias(alias)) {
      throw new IllegalArgumentException(
          "keyAlias: \""
              + alias
              + "\" (expected: one of the private key entries of "
              + name
              + ": "
              + privateKeyAliases(source)
              + ")");
    }
    if (!source.isKeyEntry(alias)) {
      throw new IllegalArgumentException(
          "keyAlias: \"" + alias + "\" is not a private key entry of " + name);
    }
    return List.of(alias);
  }

  /**
   * Copies the private key of {@code entry}, checked against its certificate chain, into {@code
   * store}. A secret key entry is skipped, or fails when it was asked for by {@code alias}.
   */
  private static void copyKeyEntry(
      KeyStore source, String entry, char[] keyPassword, String alias, String name, KeyStore store)
      throws KeyStoreException, NoSuchAlgorithmException {
    Key key = recoverKey(source, entry, keyPassword, name);
    Certificate[] chain = source.getCertificateChain(entry);
    if (!(key instanceof PrivateKey)) {
      if (alias != null) {
        throw new IllegalArgumentException(
            "keyAlias: \"" + alias + "\" is a secret key entry of " + name);
      }
      return;
    }
    checkChain((PrivateKey) key, chain, entry, name);
    store.setKeyEntry(entry, key, IN_MEMORY_PASSWORD, chain);
  }

  private static Key recoverKey(KeyStore source, String entry, char[] keyPassword, String name)
      throws KeyStoreException, NoSuchAlgorithmException {
    try {
      return source.getKey(entry, keyPassword);
    } catch (UnrecoverableKeyException e) {
      throw new IllegalArgumentException(
          name
              + ": the key of entry \""
              + entry
              + "\" cannot be recovered with the password given (wrong keyPassword?)",
          e);
    }
  }

  /**
   * Fails unless {@code chain} starts with an X.509 certificate whose public key is {@code key}'s.
   */
  private static void checkChain(PrivateKey key, Certificate[] chain, String entry, String name) {
    if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
      throw new IllegalArgumentException(
          name + ": entry \"" + entry + "\" has no X.509 certificate chain");
    }
    if (!PemFiles.matches(key, chain[0].getPublicKey())) {
      throw new IllegalArgumentException(
          name + ": the key of entry \"" + entry + "\" does not match its certificate");
    }
  }

  private static List<String> privateKeyAliases(KeyStore store) throws KeyStoreException {
    List<String> aliases = new ArrayList<>();
    for (String alias : Collections.list(store.aliases())) {
      if (store.entryInstanceOf(alias, KeyStore.PrivateKeyEntry.class)) {
        aliases.add(alias);
      }
    }
    Collections.sort(aliases);
    return aliases;
  }

  /**
   * Loads a key store file, its type (PKCS#12 or JKS) told by its first bytes as {@link
   * KeyStore#getInstance(java.io.File, char[])} does, but for any {@link Path}.
   */
  static KeyStore loadKeyStore(Path file, char[] password) {
    String name = PemFiles.name("key store", file);
    byte[] contents = PemFiles.read("key store", file);
    String type;
    if (contents.length >= 4
        && (contents[0] & 0xff) == 0xfe
        && (contents[1] & 0xff) == 0xed
        && (contents[2] & 0xff) == 0xfe
        && (contents[3] & 0xff) == 0xed) {
      type = "JKS";
    } else if (contents.length >= 2 && (contents[0] & 0xff) == Der.SEQUENCE) {
      type = "PKCS12";
    } else {
      String hint =
          new String(contents, 0, Math.min(contents.length, 64), StandardCharsets.ISO_8859_1)
                  .contains("-----BEGIN")
              ? " (it is a PEM file: use certificateChain and privateKey)"
              : "";
      throw new IllegalArgumentException(name + " is not a PKCS#12 or JKS key store" + hint);
    }
    try {
      KeyStore store = KeyStore.getInstance(type);
      store.load(new ByteArrayInputStream(contents), password);
      return store;
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new IllegalArgumentException(
            name + " cannot be opened with the password given (wrong password?)", e);
      }
      throw new IllegalArgumentException(
          name + " is not a valid " + type + " key store: " + PemFiles.reason(e), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          name + " is not a valid " + type + " key store: " + PemFiles.reason(e), e);
    }
  }

  /**
   * The names of {@code wanted} that are in {@code supported}, in the order of {@code wanted}.
   *
   * @throws IllegalArgumentException when none is, naming them and the supported ones
   */
  static String[] supportedOnly(String what, List<String> wanted, String[] supported) {
    Set<String> available = new LinkedHashSet<>(Arrays.asList(supported));
    List<String> kept = new ArrayList<>();
    for (String name : wanted) {
      if (available.contains(name)) {
        kept.add(name);
      }
    }
    if (kept.isEmpty()) {
      throw new IllegalArgumentException(
          what
              + ": "
              + wanted
              + " (expected: at least one supported by the JDK, among "
              + available
              + ")");
    }
    return kept.toArray(new String[0]);
  }

  /** Tornado's {@code ssl_wrap_socket}, without the socket: see {@link SSLOptions#createEngine}. */
  static SSLEngine createEngine(
      SSLOptions options, boolean serverSide, String serverHostname, InetSocketAddress peer) {
    if (serverSide && !options.hasKeyMaterial()) {
      throw new IllegalStateException(
          "serverSide: true with "
              + options
              + " (expected: key material: PEM files, a key store, or a context)");
    }
    String host = serverSide ? null : serverHost(options, serverHostname, peer);
    SSLEngine engine = newEngine(options.context(), serverSide, host, peer);
    SSLParameters parameters = engine.getSSLParameters();
    restrictProtocolsAndCiphers(parameters, options, engine);
    if (serverSide) {
      setClientAuth(parameters, options.clientAuth());
    } else {
      setServerName(parameters, host);
      parameters.setEndpointIdentificationAlgorithm(options.checkHostname() ? "HTTPS" : null);
    }
    engine.setSSLParameters(parameters);
    return engine;
  }

  /**
   * The host a client connects to: {@code serverHostname}, else the peer's host; unbracketed; null
   * when neither is known.
   *
   * @throws IllegalArgumentException when {@code options} check the host name and there is none
   */
  private static String serverHost(
      SSLOptions options, String serverHostname, InetSocketAddress peer) {
    String host = serverHostname == null ? null : unbracket(serverHostname);
    if (host == null && peer != null) {
      host = unbracket(peer.getHostString());
    }
    if (options.checkHostname() && (host == null || host.isEmpty())) {
      throw new IllegalArgumentException(
          "serverHostname: "
              + (serverHostname == null ? "null" : "\"" + serverHostname + "\"")
              + " (expected: the server's host name, or a peer address, for checkHostname)");
    }
    return host;
  }

  /** An engine in server or client mode, told the peer (server) or the host (client) when known. */
  private static SSLEngine newEngine(
      SSLContext context, boolean serverSide, String host, InetSocketAddress peer) {
    String engineHost = serverSide ? (peer == null ? null : peer.getHostString()) : host;
    SSLEngine engine =
        engineHost == null
            ? context.createSSLEngine()
            : context.createSSLEngine(engineHost, peer == null ? -1 : peer.getPort());
    engine.setUseClientMode(!serverSide);
    return engine;
  }

  private static void restrictProtocolsAndCiphers(
      SSLParameters parameters, SSLOptions options, SSLEngine engine) {
    parameters.setProtocols(
        supportedOnly("protocols", options.protocols(), engine.getSupportedProtocols()));
    if (!options.ciphers().isEmpty()) {
      parameters.setCipherSuites(
          supportedOnly("ciphers", options.ciphers(), engine.getSupportedCipherSuites()));
    }
  }

  private static void setClientAuth(SSLParameters parameters, SSLOptions.ClientAuth clientAuth) {
    switch (clientAuth) {
      case REQUIRED:
        parameters.setNeedClientAuth(true);
        break;
      case OPTIONAL:
        parameters.setWantClientAuth(true);
        break;
      default:
        parameters.setNeedClientAuth(false);
        parameters.setWantClientAuth(false);
        break;
    }
  }

  /** Sends {@code host} as SNI when it is a name SNI can carry: not an IP literal (RFC 6066 s3). */
  private static void setServerName(SSLParameters parameters, String host) {
    List<SNIServerName> serverNames = List.of();
    if (host != null && !host.isEmpty() && !isIpLiteral(host)) {
      String sniName = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
      try {
        serverNames = List.of(new SNIHostName(sniName));
      } catch (IllegalArgumentException e) {
        // Such as "my_service": reachable, but not a name SNI can carry (RFC 6066 section 3).
        GEN_LOG.debug("not sending SNI for {}: {}", host, e.getMessage());
      }
    }
    parameters.setServerNames(serverNames);
  }

  /**
   * The text after the key part of the options' {@code toString}: ", trustedCertificates=...,
   * clientAuth=..., protocols=..." and so on; never a password.
   *
   * @param trust null for a context's own trust
   * @param verifyPeer whether the peer's certificate is verified
   */
  static String describe(Trust trust, TlsSettings settings, boolean verifyPeer) {
    StringBuilder s = new StringBuilder();
    if (trust instanceof Trust.PemFile) {
      s.append(", trustedCertificates=").append(((Trust.PemFile) trust).file());
    }
    s.append(", clientAuth=").append(settings.clientAuth());
    s.append(", protocols=").append(settings.protocols());
    if (!settings.ciphers().isEmpty()) {
      s.append(", ciphers=").append(settings.ciphers());
    }
    s.append(", checkHostname=").append(settings.checkHostname() && verifyPeer);
    if (!verifyPeer) {
      s.append(", verifyPeer=false");
    }
    return s.toString();
  }

  /** Whether {@code host} is an IPv4 or IPv6 literal (never a DNS lookup). */
  static boolean isIpLiteral(String host) {
    String unbracketed = unbracket(host);
    return unbracketed.indexOf(':') >= 0 || IPV4.matcher(unbracketed).matches();
  }

  private static String unbracket(String host) {
    if (host.length() >= 2 && host.startsWith("[") && host.endsWith("]")) {
      return host.substring(1, host.length() - 1);
    }
    return host;
  }

  /** Accepts every certificate chain, and checks no host name: insecure by design. */
  private static final class TrustEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
