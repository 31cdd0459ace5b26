package io.github.tornadoserver.tls;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Whom the file-based {@link SSLOptions} shapes trust to sign the peer's certificate: on a server,
 * the clients' certificates; on a client, the server's. A {@link ContextOptions} has its context's
 * trust managers instead.
 */
public sealed interface Trust permits Trust.JdkDefault, Trust.PemFile, Trust.Everything {
  /** The JDK's default trust store. */
  static Trust jdkDefault() {
    return JdkDefault.INSTANCE;
  }

  /**
   * The CA certificates of a PEM file: Tornado's {@code ca_certs}.
   *
   * @throws NullPointerException if {@code caPemFile} is null
   */
  static Trust pemFile(Path caPemFile) {
    return new PemFile(caPemFile);
  }

  /**
   * Every certificate, <b>which is insecure</b>: no chain is verified and so no host name is
   * checked either, and anyone in the middle can read and change the traffic. For tests and
   * development only.
   */
  static Trust everything() {
    return Everything.INSTANCE;
  }

  /** Whether the peer's certificate chain is verified: false only for {@link #everything()}. */
  boolean verifiesPeer();

  /** The JDK's default trust store. */
  record JdkDefault() implements Trust {
    private static final JdkDefault INSTANCE = new JdkDefault();

    @Override
    public boolean verifiesPeer() {
      return true;
    }
  }

  /**
   * The CA certificates of a PEM file, read when the options are built.
   *
   * @param file the PEM file of CA certificates
   */
  record PemFile(Path file) implements Trust {
    /**
     * @throws NullPointerException if {@code file} is null
     */
    public PemFile {
      Objects.requireNonNull(file, "trustedCertificates");
    }

    @Override
    public boolean verifiesPeer() {
      return true;
    }
  }

  /** Every certificate: see {@link Trust#everything()}. */
  record Everything() implements Trust {
    private static final Everything INSTANCE = new Everything();

    @Override
    public boolean verifiesPeer() {
      return false;
    }
  }
}
