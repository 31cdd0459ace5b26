package io.github.tornadoserver.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.tcpserver.ProxyProtocol;
import io.github.tornadoserver.tcpserver.TrustedPeers;
import io.github.tornadoserver.testing.LogCapture;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An HTTP server behind a proxy that speaks the PROXY protocol, over real sockets. */
class HTTPServerProxyProtocolTest extends HTTPServerTestSupport {
  private static final String V1 = "PROXY TCP4 203.0.113.7 10.0.0.1 40000 80\r\n";

  private int startEchoingClient(ProxyProtocol protocol, boolean xheaders) {
    HTTPServer.Builder builder =
        HTTPServer.builder(
                request ->
                    request.respond(
                        200,
                        new HTTPHeaders(),
                        (request.remoteIp() + " " + request.protocol())
                            .getBytes(StandardCharsets.US_ASCII)))
            .proxyProtocol(protocol)
            .xheaders(xheaders);
    return start(builder);
  }

  @Test
  void theClientAHeaderNamesIsTheRequestsRemoteIpOnEveryRequestOfTheConnection()
      throws IOException {
    int port = startEchoingClient(ProxyProtocol.required(TrustedPeers.of("127.0.0.1")), false);
    try (RawClient client = new RawClient(port)) {
      client.send(V1 + GET);
      assertThat(client.read().body()).isEqualTo("203.0.113.7 http");
      client.send(GET);
      assertThat(client.read().body()).isEqualTo("203.0.113.7 http");
    }
  }

  @Test
  void xheadersApplyAfterTheProxyHeader() throws IOException {
    int port = startEchoingClient(ProxyProtocol.required(TrustedPeers.of("127.0.0.1")), true);
    try (RawClient client = new RawClient(port)) {
      client.send(V1 + "GET / HTTP/1.1\r\nHost: x\r\nX-Forwarded-Proto: https\r\n\r\n");
      assertThat(client.read().body()).isEqualTo("203.0.113.7 https");
    }
  }

  @Test
  void aV2HeaderSayingTheClientSpokeTlsToTheProxyMakesTheSchemeHttps() throws IOException {
    int port = startEchoingClient(ProxyProtocol.required(TrustedPeers.of("127.0.0.1")), false);
    ByteBuffer header = ByteBuffer.allocate(16 + 12 + 3 + 5);
    header.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
    header.put((byte) 0x21).put((byte) 0x11).putShort((short) (12 + 3 + 5));
    header.put(new byte[] {(byte) 198, 51, 100, 9, 10, 0, 0, 1, 0x30, 0x39, 0x01, (byte) 0xBB});
    header.put((byte) 0x20).putShort((short) 5).put(new byte[] {0x01, 0, 0, 0, 0});
    try (RawClient client = new RawClient(port)) {
      client.send(new String(header.array(), StandardCharsets.ISO_8859_1) + GET);
      assertThat(client.read().body()).isEqualTo("198.51.100.9 https");
    }
  }

  @Test
  void withoutAHeaderAnOptionalOneLeavesTheSocketsPeer() throws IOException {
    int port = startEchoingClient(ProxyProtocol.optional(TrustedPeers.of("127.0.0.1")), false);
    try (RawClient client = new RawClient(port)) {
      client.send(GET);
      assertThat(client.read().body()).isEqualTo("127.0.0.1 http");
    }
  }

  @Test
  void theLocalAddressIsTheOneTheProxyAcceptedOnOrElseTheSockets() throws IOException {
    int port =
        start(
            HTTPServer.builder(
                    request ->
                        request.respond(
                            200,
                            new HTTPHeaders(),
                            String.valueOf(request.connection().localAddress())
                                .getBytes(StandardCharsets.US_ASCII)))
                .proxyProtocol(ProxyProtocol.optional(TrustedPeers.of("127.0.0.1"))));
    try (RawClient client = new RawClient(port)) {
      client.send(V1 + GET);
      assertThat(client.read().body()).isEqualTo("/10.0.0.1:80");
    }
    try (RawClient client = new RawClient(port)) {
      client.send(GET);
      assertThat(client.read().body()).isEqualTo("/127.0.0.1:" + port);
    }
  }

  @Test
  void theIdleConnectionTimeoutBoundsTheHeaderToo() throws IOException {
    LogCapture.expect(
        "tornado.general", Level.INFO, "no complete PROXY protocol header within 200 ms");
    int port =
        start(
            HTTPServer.builder(request -> {})
                .idleConnectionTimeout(Duration.ofMillis(200))
                .proxyProtocol(ProxyProtocol.required(TrustedPeers.of("127.0.0.1"))));
    try (RawClient client = new RawClient(port)) {
      client.send("PROXY TCP4 ");
      assertThat(client.closedByServer()).isTrue();
    }
  }
}
