package io.github.tornadoserver.tcpserver;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.iostream.ProxyHeader;
import io.github.tornadoserver.netutil.NetUtil;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.Loops;
import io.github.tornadoserver.testing.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TCP server behind a proxy that speaks the PROXY protocol: plain, TLS and Unix sockets, trusted
 * and untrusted peers, required and optional headers, over real sockets.
 */
class TCPServerProxyProtocolTest {
  private static final String V1 = "PROXY TCP4 203.0.113.7 10.0.0.1 40000 443\r\n";
  private final ServerListenerTest.Recording listener = new ServerListenerTest.Recording();
  private final CompletableFuture<SocketAddress> handed = new CompletableFuture<>();
  private final CompletableFuture<IOStream> streams = new CompletableFuture<>();
  private IOLoop loop;
  private TCPServer server;

  @BeforeEach
  void startLoop() {
    loop = IOLoop.startInNewThread("proxy-server-loop", true);
  }

  @AfterEach
  void stopAll() {
    if (server != null) {
      server.stop().orTimeout(5, TimeUnit.SECONDS).join();
    }
    Loops.stop(loop);
  }

  private TCPServer.StreamHandler recordingEcho() {
    return (stream, address) -> {
      handed.complete(address);
      streams.complete(stream);
      return TCPServerTest.echo(stream);
    };
  }

  private int listen(ProxyProtocol protocol, boolean tls) {
    TCPServer.Builder builder =
        TCPServer.builder(recordingEcho()).proxyProtocol(protocol).listener(listener);
    if (tls) {
      builder.sslOptions(TestCertificates.server());
    }
    server = builder.build();
    Loops.run(loop, () -> server.listen(0, "127.0.0.1"));
    return ((InetSocketAddress) server.localAddresses().get(0)).getPort();
  }

  private static ProxyProtocol required() {
    return ProxyProtocol.required(TrustedPeers.of("127.0.0.1"));
  }

  @Test
  void theClientNamedByAV1HeaderIsTheConnectionsAddressAndTheBytesAfterItAreServed()
      throws Exception {
    int port = listen(required(), false);
    try (Socket client = new Socket("127.0.0.1", port)) {
      client.setSoTimeout(5000);
      client.getOutputStream().write((V1 + "hello").getBytes(US_ASCII));
      assertThat(readExactly(client.getInputStream(), 5)).isEqualTo("hello");
      InetSocketAddress proxied = new InetSocketAddress("203.0.113.7", 40000);
      assertThat(handed.get(5, TimeUnit.SECONDS)).isEqualTo(proxied);
      IOStream stream = streams.get(5, TimeUnit.SECONDS);
      assertThat(Loops.call(loop, stream::remoteAddress)).isEqualTo(proxied);
      assertThat(stream.proxyHeader().version()).isEqualTo(1);
    }
  }

  @Test
  void aV2HeaderWithAnAuthorityIsKeptOnTheStream() throws Exception {
    int port = listen(required(), false);
    byte[] authority = "shop.example".getBytes(US_ASCII);
    ByteBuffer header = ByteBuffer.allocate(16 + 12 + 3 + authority.length);
    header.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
    header.put((byte) 0x21).put((byte) 0x11).putShort((short) (12 + 3 + authority.length));
    header.put(new byte[] {(byte) 198, 51, 100, 9, 10, 0, 0, 1, 0x30, 0x39, 0x01, (byte) 0xBB});
    header.put((byte) 0x02).putShort((short) authority.length).put(authority);
    try (Socket client = new Socket("127.0.0.1", port)) {
      client.setSoTimeout(5000);
      client.getOutputStream().write(header.array());
      client.getOutputStream().write("v2".getBytes(US_ASCII));
      assertThat(readExactly(client.getInputStream(), 2)).isEqualTo("v2");
      assertThat(handed.get(5, TimeUnit.SECONDS))
          .isEqualTo(new InetSocketAddress("198.51.100.9", 12345));
      ProxyHeader read = streams.get(5, TimeUnit.SECONDS).proxyHeader();
      assertThat(read.authority()).isEqualTo("shop.example");
    }
  }

  @Test
  void theHeaderComesBeforeTheClientHelloOnATlsPort() throws Exception {
    int port = listen(required(), true);
    try (Socket plain = new Socket("127.0.0.1", port)) {
      plain.getOutputStream().write(V1.getBytes(US_ASCII));
      SSLSocket tls =
          (SSLSocket)
              TestCertificates.client()
                  .context()
                  .getSocketFactory()
                  .createSocket(plain, "localhost", port, true);
      tls.setSoTimeout(5000);
      tls.getOutputStream().write("over tls".getBytes(US_ASCII));
      assertThat(readExactly(tls.getInputStream(), 8)).isEqualTo("over tls");
      assertThat(handed.get(5, TimeUnit.SECONDS))
          .isEqualTo(new InetSocketAddress("203.0.113.7", 40000));
    }
  }

  @Test
  void aUnixSocketPeerIsTrustedAsUnix(@TempDir Path dir) throws Exception {
    server =
        TCPServer.builder(recordingEcho())
            .proxyProtocol(ProxyProtocol.required(TrustedPeers.of("unix")))
            .build();
    Path path = dir.resolve("proxied.sock");
    Loops.run(loop, () -> server.addSocket(NetUtil.bindUnixSocket(path)));
    try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
      client.write(ByteBuffer.wrap((V1 + "unix").getBytes(US_ASCII)));
      ByteBuffer reply = ByteBuffer.allocate(4);
      while (reply.hasRemaining() && client.read(reply) >= 0) {
        // blocking channel: reads until the echo is whole
      }
      assertThat(new String(reply.array(), US_ASCII)).isEqualTo("unix");
      assertThat(handed.get(5, TimeUnit.SECONDS))
          .isEqualTo(new InetSocketAddress("203.0.113.7", 40000));
    }
  }

  @Test
  void aRequiredHeaderFromAnUntrustedPeerIsRefusedUnreadCountedAndLoggedOnce() throws Exception {
    LogCapture.expect("tornado.general", Level.INFO, "not a trusted proxy");
    int port = listen(ProxyProtocol.required(TrustedPeers.of("10.0.0.0/8")), false);
    assertClosedWithoutAnswer(port, V1 + "hello");
    assertThat(listener.await(1)).containsExactly("rejected proxy_protocol");
    assertThat(handed).isNotDone();
  }

  @Test
  void anOptionalHeaderFromAnUntrustedPeerIsRefusedButItsAbsenceIsServed() throws Exception {
    LogCapture.expect("tornado.general", Level.INFO, "a PROXY header from an untrusted peer");
    int port = listen(ProxyProtocol.optional(TrustedPeers.of("10.0.0.0/8")), false);
    assertClosedWithoutAnswer(port, V1 + "hello");
    try (Socket client = new Socket("127.0.0.1", port)) {
      client.setSoTimeout(5000);
      client.getOutputStream().write("plain".getBytes(US_ASCII));
      assertThat(readExactly(client.getInputStream(), 5)).isEqualTo("plain");
      assertThat(((InetSocketAddress) handed.get(5, TimeUnit.SECONDS)).getAddress())
          .isEqualTo(client.getLocalAddress());
      assertThat(streams.get(5, TimeUnit.SECONDS).proxyHeader()).isNull();
    }
  }

  @Test
  void aMalformedHeaderIsRefusedWithItsReason() throws Exception {
    LogCapture.expect("tornado.general", Level.INFO, "unknown protocol \"TCP9\"");
    int port = listen(required(), false);
    assertClosedWithoutAnswer(port, "PROXY TCP9 x\r\nhello");
    assertThat(LogCapture.messages("tornado.general", Level.INFO))
        .filteredOn(m -> m.contains("TCP9"))
        .hasSize(1);
  }

  @Test
  void aPeerThatLeavesBeforeItsHeaderIsNeitherRefusedNorLoggedAboveDebug() throws Exception {
    int port = listen(required(), false);
    new Socket("127.0.0.1", port).close();
    try (Socket client = new Socket("127.0.0.1", port)) {
      client.setSoTimeout(5000);
      client.getOutputStream().write((V1 + "next").getBytes(US_ASCII));
      assertThat(readExactly(client.getInputStream(), 4)).isEqualTo("next");
    }
    assertThat(listener.events).doesNotContain("rejected proxy_protocol");
    assertThat(LogCapture.messages("tornado.general", Level.INFO)).isEmpty();
  }

  @Test
  void aHeaderReadWithNobodyTrustedCannotBeConfigured() {
    assertThatThrownBy(() -> ProxyProtocol.required(TrustedPeers.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "proxy protocol REQUIRED with no trusted peers (expected: the proxies' addresses or"
                + " networks, or unix)");
    assertThatThrownBy(() -> required().withMaxHeaderLength(100))
        .hasMessage("maxHeaderLength: 100 (expected: 107 to 65551)");
  }

  /**
   * The server closes without a byte of answer: EOF, or a reset when it closed with the sent bytes
   * unread (a refused peer's bytes are never read).
   */
  private static void assertClosedWithoutAnswer(int port, String sent) throws IOException {
    try (Socket client = new Socket("127.0.0.1", port)) {
      client.setSoTimeout(5000);
      client.getOutputStream().write(sent.getBytes(US_ASCII));
      int first;
      try {
        first = client.getInputStream().read();
      } catch (SocketException reset) {
        first = -1;
      }
      assertThat(first).isEqualTo(-1);
    }
  }

  private static String readExactly(InputStream in, int n) throws IOException {
    return new String(in.readNBytes(n), US_ASCII);
  }
}
