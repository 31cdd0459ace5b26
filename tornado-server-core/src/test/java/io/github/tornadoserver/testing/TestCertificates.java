package io.github.tornadoserver.testing;

import io.github.tornadoserver.tls.NoKeyOptions;
import io.github.tornadoserver.tls.PemKeyOptions;
import io.github.tornadoserver.tls.SSLOptions;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * Ready {@link SSLOptions} made from the committed test certificates under {@code tls/} on the test
 * classpath (see {@code tls/README.md}): a test CA, a server certificate for {@code localhost},
 * {@code 127.0.0.1} and {@code ::1} signed by it, and a client certificate signed by it.
 */
public final class TestCertificates {
  private TestCertificates() {}

  /**
   * A file of the test certificate set, such as {@code resource("server.pem")}.
   *
   * @throws IllegalArgumentException if there is no such file on the test classpath
   */
  public static Path resource(String name) {
    URL url = TestCertificates.class.getResource("/tls/" + name);
    if (url == null) {
      throw new IllegalArgumentException("tls/" + name + " is not on the test classpath");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("tls/" + name + ": " + url, e);
    }
  }

  private static PemKeyOptions server;
  private static NoKeyOptions client;

  /** A server presenting the {@code localhost} certificate; asks for no client certificate. */
  public static synchronized PemKeyOptions server() {
    if (server == null) {
      server = serverBuilder().build();
    }
    return server;
  }

  /** A server presenting a self-signed certificate for {@code other.invalid}. */
  public static SSLOptions otherHost() {
    return SSLOptions.pemFiles(resource("other.pem"), resource("other.key")).build();
  }

  /** A server presenting the {@code localhost} certificate, requiring a client certificate. */
  public static PemKeyOptions serverWithClientAuth() {
    return serverBuilder()
        .trustedCertificates(resource("ca.pem"))
        .clientAuth(SSLOptions.ClientAuth.REQUIRED)
        .build();
  }

  /** A client trusting the test CA only, with host name checking on. */
  public static synchronized NoKeyOptions client() {
    if (client == null) {
      client = clientBuilder().build();
    }
    return client;
  }

  /** A client trusting the test CA only, presenting the client certificate. */
  public static SSLOptions clientWithCertificate() {
    return SSLOptions.pemFiles(resource("client.pem"), resource("client.key"))
        .trustedCertificates(resource("ca.pem"))
        .build();
  }

  private static PemKeyOptions.Builder serverBuilder() {
    return SSLOptions.pemFiles(resource("server.pem"), resource("server-pkcs8.key"));
  }

  private static NoKeyOptions.Builder clientBuilder() {
    return SSLOptions.withoutKey().trustedCertificates(resource("ca.pem"));
  }
}
