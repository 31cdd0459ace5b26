package io.github.tornadoserver.testing;

import io.github.tornadoserver.netutil.SSLOptions;
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

  private static SSLOptions server;
  private static SSLOptions client;

  /** A server presenting the {@code localhost} certificate; asks for no client certificate. */
  public static synchronized SSLOptions server() {
    if (server == null) {
      server = serverBuilder().build();
    }
    return server;
  }

  /** A server presenting a self-signed certificate for {@code other.invalid}. */
  public static SSLOptions otherHost() {
    return SSLOptions.builder()
        .certificateChain(resource("other.pem"))
        .privateKey(resource("other.key"))
        .build();
  }

  /** A server presenting the {@code localhost} certificate, requiring a client certificate. */
  public static SSLOptions serverWithClientAuth() {
    return serverBuilder()
        .trustedCertificates(resource("ca.pem"))
        .clientAuth(SSLOptions.ClientAuth.REQUIRED)
        .build();
  }

  /** A client trusting the test CA only, with host name checking on. */
  public static synchronized SSLOptions client() {
    if (client == null) {
      client = clientBuilder().build();
    }
    return client;
  }

  /** A client trusting the test CA only, presenting the client certificate. */
  public static SSLOptions clientWithCertificate() {
    return clientBuilder()
        .certificateChain(resource("client.pem"))
        .privateKey(resource("client.key"))
        .build();
  }

  private static SSLOptions.Builder serverBuilder() {
    return SSLOptions.builder()
        .certificateChain(resource("server.pem"))
        .privateKey(resource("server-pkcs8.key"));
  }

  private static SSLOptions.Builder clientBuilder() {
    return SSLOptions.builder().trustedCertificates(resource("ca.pem"));
  }
}
