package io.github.tornadoserver.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.tcpserver.ProxyProtocol;
import io.github.tornadoserver.tcpserver.TrustedPeers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Forwarded headers over real sockets: believed from trusted proxies only. */
class HTTPServerForwardedTest extends HTTPServerTestSupport {
  private static final String SPOOF =
      "GET /p HTTP/1.1\r\nHost: backend:8888\r\nX-Real-IP: 7.7.7.7\r\nX-Forwarded-For: 6.6.6.6\r\n"
          + "X-Forwarded-Proto: https\r\nX-Forwarded-Host: shop.example\r\n"
          + "X-Forwarded-Port: 8443\r\nX-Forwarded-Prefix: /store\r\n\r\n";

  /** Answers with the client, scheme, host, port and URL the request saw. */
  private int startEcho(UnaryOperator<HTTPServer.Builder> options) {
    return start(
        options.apply(
            HTTPServer.builder(
                    request ->
                        request.respond(
                            200,
                            new HTTPHeaders(),
                            String.join(
                                    " ",
                                    request.remoteIp(),
                                    request.protocol(),
                                    request.host(),
                                    String.valueOf(request.port()),
                                    request.fullUrl())
                                .getBytes(StandardCharsets.US_ASCII)))
                .xheaders(true)));
  }

  private static String exchange(int port, String request) throws IOException {
    try (RawClient client = new RawClient(port)) {
      client.send(request);
      return client.read().body();
    }
  }

  @Test
  void withoutTrustedProxiesEveryPeersHeadersAreBelievedAsInTornado() throws IOException {
    int port = startEcho(b -> b);
    assertThat(exchange(port, SPOOF))
        .isEqualTo("7.7.7.7 https shop.example:8443 8443 https://shop.example:8443/store/p");
  }

  @Test
  void aTrustedProxysHeadersAreBelieved() throws IOException {
    int port = startEcho(b -> b.trustedProxies(TrustedPeers.of("127.0.0.0/8")));
    assertThat(exchange(port, SPOOF))
        .isEqualTo("7.7.7.7 https shop.example:8443 8443 https://shop.example:8443/store/p");
  }

  @Test
  void anUntrustedPeersHeadersAreIgnored() throws IOException {
    int port = startEcho(b -> b.trustedProxies(TrustedPeers.of("10.0.0.0/8")));
    assertThat(exchange(port, SPOOF))
        .isEqualTo("127.0.0.1 http backend:8888 8888 http://backend:8888/p");
  }

  @Test
  void theChosenHeadersAloneAreRead() throws IOException {
    int port =
        startEcho(
            b ->
                b.trustedProxies(TrustedPeers.of("127.0.0.1"))
                    .clientHeader(ForwardedOptions.ClientHeader.FORWARDED)
                    .schemeHeader(ForwardedOptions.SchemeHeader.FORWARDED));
    String request =
        "GET / HTTP/1.1\r\nHost: backend\r\nX-Real-IP: 7.7.7.7\r\nX-Forwarded-Proto: http\r\n"
            + "Forwarded: for=\"[2001:db8::1]:4711\";proto=https;host=shop.example\r\n\r\n";
    assertThat(exchange(port, request))
        .isEqualTo("2001:db8::1 https shop.example 443 https://shop.example/");
  }

  @Test
  void aMalformedValueIsIgnoredNeverAnError() throws IOException {
    int port = startEcho(b -> b.trustedProxies(TrustedPeers.of("127.0.0.1")));
    String request =
        "GET / HTTP/1.1\r\nHost: backend\r\nForwarded: for=\"unterminated\r\n"
            + "X-Forwarded-Port: 99999\r\nX-Forwarded-Host: a b\r\nX-Forwarded-Prefix: x\r\n\r\n";
    assertThat(exchange(port, request)).isEqualTo("127.0.0.1 http backend 80 http://backend/");
  }

  @Test
  void withThePROXYProtocolTheSocketPeerIsCheckedNotTheClientTheHeaderNames() throws IOException {
    String header = "PROXY TCP4 203.0.113.7 10.0.0.1 40000 80\r\n";
    String request = "GET / HTTP/1.1\r\nHost: x\r\nX-Forwarded-Proto: https\r\n\r\n";
    int trustsTheProxy =
        startEcho(
            b ->
                b.proxyProtocol(ProxyProtocol.required(TrustedPeers.of("127.0.0.1")))
                    .trustedProxies(TrustedPeers.of("127.0.0.1")));
    assertThat(exchange(trustsTheProxy, header + request)).startsWith("203.0.113.7 https ");
    server.stop();
    server.closeAllConnections();

    int trustsTheClient =
        startEcho(
            b ->
                b.proxyProtocol(ProxyProtocol.required(TrustedPeers.of("127.0.0.1")))
                    .trustedProxies(TrustedPeers.of("203.0.113.0/24")));
    assertThat(exchange(trustsTheClient, header + request)).startsWith("203.0.113.7 http ");
  }
}
