package io.github.tornadoserver.testing;

import io.github.tornadoserver.tls.SSLOptions;
import io.github.tornadoserver.tls.Trust;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A TLS client for tests: who the server says it is, and a plain GET over TLS. */
public final class TlsProbe {
  private static final int TIMEOUT_MILLIS = 10_000;

  private TlsProbe() {}

  /** A client that accepts any server certificate (the tests look at it themselves). */
  public static SSLContext trustingAnyone() {
    return SSLOptions.withoutKey().trust(Trust.everything()).build().context();
  }

  /** A client presenting the test client certificate, accepting any server certificate. */
  public static SSLContext withClientCertificate() {
    return SSLOptions.pemFiles(TestTls.resource("client.pem"), TestTls.resource("client.key"))
        .trust(Trust.everything())
        .build()
        .context();
  }

  /** Connects to 127.0.0.1:{@code port} and completes the handshake. */
  public static SSLSocket connect(SSLContext client, int port) throws IOException {
    SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port);
    socket.setSoTimeout(TIMEOUT_MILLIS);
    socket.startHandshake();
    return socket;
  }

  /** The subject of the certificate the server at {@code port} presents. */
  public static String serverSubject(SSLContext client, int port) throws IOException {
    try (SSLSocket socket = connect(client, port)) {
      return subjectOf(socket);
    }
  }

  /** The subject of the certificate the server of {@code socket} presented. */
  public static String subjectOf(SSLSocket socket) throws IOException {
    X509Certificate leaf = (X509Certificate) socket.getSession().getPeerCertificates()[0];
    return leaf.getSubjectX500Principal().getName();
  }

  /** Sends {@code GET path} with {@code Connection: close} and returns the status line. */
  public static String statusLine(SSLSocket socket, String path) throws IOException {
    socket
        .getOutputStream()
        .write(
            ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    InputStream in = socket.getInputStream();
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0 && b != '\r') {
      line.append((char) b);
    }
    return line.toString();
  }
}
