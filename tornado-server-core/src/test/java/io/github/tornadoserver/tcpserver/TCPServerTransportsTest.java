package io.github.tornadoserver.tcpserver;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.iostream.SSLIOStream;
import io.github.tornadoserver.netutil.NetUtil;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.Loops;
import io.github.tornadoserver.testing.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TCP server over TLS and over a Unix-domain socket, talking to plain JDK clients. */
class TCPServerTransportsTest {
  private IOLoop loop;
  private TCPServer server;

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

  private int listenTls(TCPServer.StreamHandler handler) {
    server = TCPServer.builder(handler).sslOptions(TestCertificates.server()).build();
    Loops.run(loop, () -> server.listen(0, "127.0.0.1"));
    return ((InetSocketAddress) server.localAddresses().get(0)).getPort();
  }

  private static SSLSocket tlsClient(int port) throws IOException {
    SSLSocket socket =
        (SSLSocket)
            TestCertificates.client().context().getSocketFactory().createSocket("127.0.0.1", port);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
    socket.setSoTimeout(5000);
    return socket;
  }

  private static String readExactly(InputStream in, int n) throws IOException {
    byte[] bytes = in.readNBytes(n);
    return new String(bytes, US_ASCII);
  }

  @Test
  void aTlsEchoServerEchoesToAJdkTlsClient() throws IOException {
    int port = listenTls((stream, address) -> TCPServerTest.echo(stream));
    try (SSLSocket client = tlsClient(port)) {
      client.getOutputStream().write("over tls".getBytes(US_ASCII));
      assertThat(readExactly(client.getInputStream(), 8)).isEqualTo("over tls");
      client.getOutputStream().write("twice".getBytes(US_ASCII));
      assertThat(readExactly(client.getInputStream(), 5)).isEqualTo("twice");
    }
  }

  @Test
  void theHandlerGetsATlsStreamWhoseHandshakeIsStillPending() throws IOException {
    CompletableFuture<Boolean> pendingAtHandOver = new CompletableFuture<>();
    int port =
        listenTls(
            (stream, address) -> {
              SSLIOStream tls = (SSLIOStream) stream;
              pendingAtHandOver.complete(tls.peerCertificates().isEmpty());
              return tls.waitForHandshake().thenCompose(s -> TCPServerTest.echo(s));
            });
    try (SSLSocket client = tlsClient(port)) {
      client.getOutputStream().write('x');
      assertThat(client.getInputStream().read()).isEqualTo('x');
    }
    assertThat(pendingAtHandOver.join()).isTrue();
  }

  @Test
  void aPlainTextClientOnTheTlsPortIsClosedWithOneInfoLine() throws IOException {
    LogCapture.expect("tornado.general", Level.INFO, "TLS handshake");
    CompletableFuture<Void> closed = new CompletableFuture<>();
    int port =
        listenTls(
            (stream, address) -> {
              stream.setCloseCallback(() -> closed.complete(null));
              return TCPServerTest.echo(stream);
            });
    try (Socket client = new Socket("127.0.0.1", port)) {
      client.setSoTimeout(5000);
      client.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(US_ASCII));
      closed.orTimeout(5, TimeUnit.SECONDS).join();
    }
    assertThat(LogCapture.messages("tornado.general", Level.INFO))
        .filteredOn(m -> m.contains("TLS handshake"))
        .hasSize(1);
    assertThat(LogCapture.events())
        .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .noneMatch(e -> e.getThrowableProxy() != null && e.getLevel() == Level.INFO);
  }

  @Test
  void aPortScanThatConnectsAndLeavesIsClosedQuietly() throws IOException {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    int port =
        listenTls(
            (stream, address) -> {
              stream.setCloseCallback(() -> closed.complete(null));
              return null;
            });
    new Socket("127.0.0.1", port).close();
    closed.orTimeout(5, TimeUnit.SECONDS).join();
    assertThat(LogCapture.messages("tornado.general", Level.INFO))
        .noneMatch(m -> m.contains("TLS handshake"));
  }

  @Test
  void aUnixSocketEchoServerEchoes(@TempDir Path dir) throws IOException {
    Path path = dir.resolve("echo.sock");
    server = new TCPServer((stream, address) -> TCPServerTest.echo(stream));
    Loops.run(loop, () -> server.addSocket(NetUtil.bindUnixSocket(path)));
    assertThat(Files.exists(path)).isTrue();
    try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      client.connect(UnixDomainSocketAddress.of(path));
      client.write(ByteBuffer.wrap("over unix".getBytes(US_ASCII)));
      ByteBuffer reply = ByteBuffer.allocate(9);
      while (reply.hasRemaining() && client.read(reply) >= 0) {
        // blocking reads until the whole echo is back
      }
      assertThat(new String(reply.array(), US_ASCII)).isEqualTo("over unix");
    }
  }

  @Test
  void setNodelayIsIgnoredOnAUnixStream(@TempDir Path dir) throws IOException {
    Path path = dir.resolve("nodelay.sock");
    CompletableFuture<Boolean> open = new CompletableFuture<>();
    server =
        new TCPServer(
            (IOStream stream, java.net.SocketAddress address) -> {
              stream.setNodelay(true);
              open.complete(!stream.closed());
              stream.close();
              return null;
            });
    Loops.run(loop, () -> server.addSocket(NetUtil.bindUnixSocket(path)));
    try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      client.connect(UnixDomainSocketAddress.of(path));
      assertThat(open.orTimeout(5, TimeUnit.SECONDS).join()).isTrue();
    }
  }
}
