package io.github.tornadoserver.testing;

import io.github.tornadoserver.tls.SSLOptions;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** TLS options made of the test certificates under {@code tls/} (see its README). */
public final class TestTls {
  private TestTls() {}

  /** A server presenting the {@code localhost} certificate. */
  public static SSLOptions server() {
    return SSLOptions.pemFiles(resource("server.pem"), resource("server-pkcs8.key")).build();
  }

  /** A client trusting the test CA only. */
  public static SSLOptions client() {
    return SSLOptions.withoutKey().trustedCertificates(resource("ca.pem")).build();
  }

  /** A file of {@code tls/} on the test class path, such as {@code resource("server.pem")}. */
  public static Path resource(String name) {
    URL url = TestTls.class.getResource("/tls/" + name);
    if (url == null) {
      throw new IllegalArgumentException("tls/" + name + " is not on the test classpath");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("tls/" + name + ": " + url, e);
    }
  }
}
