package io.github.tornadoserver.tcpclient;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.iostream.SSLIOStream;
import io.github.tornadoserver.iostream.StreamClosedException;
import io.github.tornadoserver.netutil.BlockingResolver;
import io.github.tornadoserver.netutil.OverrideResolver;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.TestCertificates;
import io.github.tornadoserver.tls.NoKeyOptions;
import io.github.tornadoserver.tls.SSLOptions;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

/** TLS connects: certificate and host name checks, SNI, and the timeout over the handshake. */
class TCPClientTlsTest extends ClientTestSupport {
  private final CompletableFuture<List<SNIServerName>> sniSeen = new CompletableFuture<>();

  /** A TLS echo server on 127.0.0.1 that records the SNI names the client sent. */
  private int tlsServer(SSLOptions ssl) {
    return server(
        "127.0.0.1",
        ssl,
        (stream, address) ->
            ((SSLIOStream) stream)
                .waitForHandshake()
                .thenCompose(
                    tls -> {
                      sniSeen.complete(
                          ((ExtendedSSLSession) tls.session()).getRequestedServerNames());
                      return echo(tls);
                    }));
  }

  private static ConnectOptions tls(SSLOptions client) {
    return ConnectOptions.builder().sslOptions(client).build();
  }

  private static NoKeyOptions.Builder trustingOtherHost() {
    return SSLOptions.withoutKey().trustedCertificates(TestCertificates.resource("other.pem"));
  }

  @Test
  void aTlsConnectVerifiesTheServerAndSendsTheHostAsSni() {
    int port = tlsServer(TestCertificates.server());
    TCPClient client = closeLater(new TCPClient());
    IOStream stream = run(() -> client.connect("localhost", port, tls(TestCertificates.client())));
    assertThat(stream).isInstanceOf(SSLIOStream.class);
    assertThat(run(() -> roundTrip(stream, "secret"))).isEqualTo("secret");
    assertThat(run(() -> sniSeen)).containsExactly(new SNIHostName("localhost"));
    stream.close();
  }

  @Test
  void anIpLiteralIsCheckedAgainstTheCertificatesAddressesAndSendsNoSni() {
    int port = tlsServer(TestCertificates.server());
    TCPClient client = closeLater(new TCPClient());
    IOStream stream = run(() -> client.connect("127.0.0.1", port, tls(TestCertificates.client())));
    assertThat(run(() -> roundTrip(stream, "ip"))).isEqualTo("ip");
    assertThat(run(() -> sniSeen)).isEmpty();
    stream.close();
  }

  @Test
  void aCertificateForAnotherHostIsRefused() {
    LogCapture.expect("tornado.general", Level.INFO, "TLS handshake");
    int port = tlsServer(TestCertificates.otherHost());
    TCPClient client = closeLater(new TCPClient());
    Throwable failure =
        failureOf(() -> client.connect("localhost", port, tls(trustingOtherHost().build())));
    assertThat(failure).isInstanceOf(StreamClosedException.class);
    assertThat(failure.getCause()).isInstanceOf(SSLException.class);
  }

  @Test
  void hostNameCheckingCanBeTurnedOff() {
    int port = tlsServer(TestCertificates.otherHost());
    TCPClient client = closeLater(new TCPClient());
    SSLOptions unchecked = trustingOtherHost().checkHostname(false).build();
    IOStream stream = run(() -> client.connect("localhost", port, tls(unchecked)));
    assertThat(run(() -> roundTrip(stream, "ok"))).isEqualTo("ok");
    stream.close();
  }

  @Test
  void theHostAsGivenIsCheckedAndSentWhenAnOverrideRedirectsIt() {
    int port = tlsServer(TestCertificates.otherHost());
    OverrideResolver resolver =
        closeLater(
            new OverrideResolver(
                new BlockingResolver(),
                Map.of(
                    OverrideResolver.Key.of("other.invalid"),
                    OverrideResolver.Target.of("127.0.0.1"))));
    TCPClient client = new TCPClient(resolver);
    IOStream stream =
        run(() -> client.connect("other.invalid", port, tls(trustingOtherHost().build())));
    assertThat(run(() -> sniSeen)).containsExactly(new SNIHostName("other.invalid"));
    stream.close();
  }

  @Test
  void theTimeoutCoversAHandshakeThatNeverCompletesAndClosesTheSocket() throws IOException {
    Unaccepting silent = closeLater(new Unaccepting("127.0.0.1", false));
    TCPClient client = closeLater(new TCPClient());
    ConnectOptions options =
        ConnectOptions.builder()
            .sslOptions(TestCertificates.client())
            .timeout(Duration.ofMillis(300))
            .build();
    int port = silent.port();
    Throwable failure = failureOf(() -> client.connect("127.0.0.1", port, options));
    assertThat(failure)
        .isInstanceOf(TimeoutException.class)
        .hasMessage("connect to 127.0.0.1:" + port + " timed out after 300 ms");
    // The client sent its ClientHello, then closed: reading its side ends in EOF.
    try (Socket queued = silent.acceptQueued()) {
      byte[] buffer = new byte[8192];
      int read;
      int total = 0;
      while ((read = queued.getInputStream().read(buffer)) >= 0) {
        total += read;
      }
      assertThat(total).isPositive();
    }
  }
}
