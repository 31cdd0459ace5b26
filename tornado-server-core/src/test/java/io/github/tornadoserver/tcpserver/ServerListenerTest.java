package io.github.tornadoserver.tcpserver;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.Loops;
import io.github.tornadoserver.testing.TestCertificates;
import io.github.tornadoserver.tls.SSLOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a {@link TCPServer} tells its {@link ServerListener}, over real loopback connections. */
class ServerListenerTest {
  private IOLoop loop;
  private TCPServer server;
  private final Recording listener = new Recording();

  /** Records each call as a line, in order; thread-safe. */
  static final class Recording implements ServerListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    volatile long lastDurationNanos = -1;

    @Override
    public void connectionAccepted() {
      events.add("accepted");
    }

    @Override
    public void connectionClosed(long durationNanos, long bytesReceived, long bytesSent) {
      lastDurationNanos = durationNanos;
      events.add("closed received=" + bytesReceived + " sent=" + bytesSent);
    }

    @Override
    public void connectionRejected(String reason) {
      events.add("rejected " + reason);
    }

    @Override
    public void tlsHandshakeFinished(boolean success) {
      events.add("handshake " + (success ? "ok" : "failed"));
    }

    /** Waits (5 s at most) until {@code n} events were recorded. */
    List<String> await(int n) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (events.size() < n) {
        assertThat(System.nanoTime())
            .as("%d listener events in 5 s: %s", n, events)
            .isLessThan(deadline);
        Thread.onSpinWait();
      }
      return List.copyOf(events);
    }
  }

  @BeforeEach
  void startLoop() {
    loop = IOLoop.startInNewThread("server-loop", true);
  }

  @AfterEach
  void stopAll() {
    if (server != null) {
      server.stop().orTimeout(5, TimeUnit.SECONDS).join();
    }
    Loops.stop(loop);
  }

  private int listen(TCPServer.StreamHandler handler, SSLOptions ssl) {
    server = TCPServer.builder(handler).sslOptions(ssl).listener(listener).build();
    Loops.run(loop, () -> server.listen(0, "127.0.0.1"));
    return ((InetSocketAddress) server.localAddresses().get(0)).getPort();
  }

  @Test
  void aPlainConnectionIsReportedAcceptedThenClosedWithItsBytesAndDuration() throws IOException {
    int port = listen((stream, address) -> TCPServerTest.echo(stream), null);
    try (Socket client = TCPServerTest.connect(port)) {
      assertThat(TCPServerTest.roundTrip(client, "hello")).isEqualTo("hello");
      assertThat(listener.await(1)).containsExactly("accepted");
    }
    assertThat(listener.await(2)).containsExactly("accepted", "closed received=5 sent=5");
    assertThat(listener.lastDurationNanos).isPositive();
  }

  @Test
  void aTlsConnectionReportsASuccessfulHandshake() throws IOException {
    int port = listen((stream, address) -> TCPServerTest.echo(stream), TestCertificates.server());
    try (SSLSocket client =
        (SSLSocket)
            TestCertificates.client()
                .context()
                .getSocketFactory()
                .createSocket("127.0.0.1", port)) {
      client.setSoTimeout(5000);
      client.startHandshake();
      assertThat(listener.await(2)).containsExactly("accepted", "handshake ok");
    }
    List<String> events = listener.await(3);
    assertThat(events.get(2)).startsWith("closed").doesNotContain("received=0 ");
  }

  @Test
  void aPlainTextClientOfATlsServerIsAFailedHandshake() throws IOException {
    LogCapture.expect("tornado.general", Level.INFO, "TLS handshake");
    int port = listen((stream, address) -> TCPServerTest.echo(stream), TestCertificates.server());
    try (Socket client = TCPServerTest.connect(port)) {
      OutputStream out = client.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
      out.flush();
      List<String> events = listener.await(3);
      assertThat(events.subList(0, 2)).containsExactly("accepted", "handshake failed");
      assertThat(events.get(2)).startsWith("closed");
    }
  }

  @Test
  void aHandlerThatThrowsStillHasItsConnectionReportedClosed() throws IOException {
    LogCapture.expect("tornado.application", Level.ERROR, "Error in connection callback");
    int port =
        listen(
            (stream, address) -> {
              throw new IllegalStateException("boom");
            },
            null);
    try (Socket client = TCPServerTest.connect(port)) {
      assertThat(client.getInputStream().read()).isEqualTo(-1);
    }
    assertThat(listener.await(2)).containsExactly("accepted", "closed received=0 sent=0");
  }

  @Test
  void aServerWithoutListenerUsesTheNoOpOne() throws IOException {
    server = new TCPServer((stream, address) -> TCPServerTest.echo(stream));
    Loops.run(loop, () -> server.listen(0, "127.0.0.1"));
    int port = ((InetSocketAddress) server.localAddresses().get(0)).getPort();
    try (Socket client = TCPServerTest.connect(port)) {
      assertThat(TCPServerTest.roundTrip(client, "x")).isEqualTo("x");
    }
    ServerListener.NONE.connectionAccepted();
    ServerListener.NONE.connectionClosed(Duration.ofSeconds(1).toNanos(), 1, 1);
    ServerListener.NONE.connectionRejected("max_connections");
    ServerListener.NONE.tlsHandshakeFinished(true);
    assertThat(listener.events).isEmpty();
  }
}
