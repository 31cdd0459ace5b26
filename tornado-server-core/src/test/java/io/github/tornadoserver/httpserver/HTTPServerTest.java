package io.github.tornadoserver.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.netutil.NetUtil;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keep-alive, HTTP/1.0, pipelining, request bodies and response framing over raw sockets. */
class HTTPServerTest extends HTTPServerTestSupport {

  @Test
  void aGetIsAnsweredAndTheConnectionKeptAlive() throws IOException {
    int port = start(TestHandlers.echo());
    try (RawClient client = new RawClient(port)) {
      RawClient.Response first = client.send(GET).read();
      assertThat(first.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(first.body()).isEqualTo("GET /hello ");
      assertThat(first.header("Date"))
          .matches("\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
      assertThat(first.header("Connection")).isNull();
      assertThat(client.send(GET).read().status()).isEqualTo(200);
    }
  }

  @Test
  void connectionCloseIsHonouredAndAnnounced() throws IOException {
    int port = start(TestHandlers.echo());
    try (RawClient client = new RawClient(port)) {
      RawClient.Response response =
          client.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, close\r\n\r\n").read();
      assertThat(response.header("Connection")).isEqualTo("close");
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void http10ClosesUnlessKeepAliveIsAsked() throws IOException {
    int port = start(TestHandlers.echo());
    try (RawClient client = new RawClient(port)) {
      RawClient.Response response = client.send("GET / HTTP/1.0\r\n\r\n").read();
      assertThat(response.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(client.closedByServer()).isTrue();
    }
    try (RawClient client = new RawClient(port)) {
      RawClient.Response response =
          client.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
      assertThat(response.header("Connection")).isEqualTo("keep-alive");
      assertThat(client.send("GET /again HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read().body())
          .isEqualTo("GET /again ");
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws IOException {
    int port = start(TestHandlers.echo());
    try (RawClient client = new RawClient(port)) {
      client.send(
          "GET /1?delay=30 HTTP/1.1\r\nHost: x\r\n\r\n"
              + "GET /2 HTTP/1.1\r\nHost: x\r\n\r\n"
              + "POST /3 HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody");
      assertThat(client.read().body()).isEqualTo("GET /1?delay=30 ");
      assertThat(client.read().body()).isEqualTo("GET /2 ");
      assertThat(client.read().body()).isEqualTo("POST /3 body");
    }
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, 100_000})
  void aContentLengthBodyArrivesWholeAtEveryFragmentation(int piece) throws IOException {
    int port = start(TestHandlers.echo());
    try (RawClient client = new RawClient(port)) {
      client.sendInPieces(
          "POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world", piece);
      assertThat(client.read().body()).isEqualTo("POST /form hello world");
    }
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, 100_000})
  void aChunkedBodyWithExtensionsAndTrailersArrivesWholeAtEveryFragmentation(int piece)
      throws IOException {
    int port = start(TestHandlers.echo());
    try (RawClient client = new RawClient(port)) {
      client.sendInPieces(
          "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "5;name=value\r\nhello\r\n"
              + "6 ; other\r\n world\r\n"
              + "0\r\nTrailer-Field: yes\r\n\r\n",
          piece);
      assertThat(client.read().body()).isEqualTo("POST /c hello world");
      assertThat(client.send(GET).read().status()).isEqualTo(200);
    }
  }

  @Test
  void oneEmptyLineBeforeTheRequestIsIgnored() throws IOException {
    int port = start(TestHandlers.echo());
    try (RawClient client = new RawClient(port)) {
      assertThat(client.send("\r\n" + GET).read().status()).isEqualTo(200);
    }
  }

  @Test
  void expect100ContinueGetsAnInterimResponseBeforeTheBodyIsRead() throws IOException {
    int port = start(TestHandlers.echo());
    try (RawClient client = new RawClient(port)) {
      client.send(
          "PUT /up HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-Continue\r\n\r\n");
      RawClient.Response interim = client.read();
      assertThat(interim.statusLine()).isEqualTo("HTTP/1.1 100 Continue");
      assertThat(client.send("abc").read().body()).isEqualTo("PUT /up abc");
    }
  }

  @Test
  void anHttp10ExpectIsIgnored() throws IOException {
    int port = start(TestHandlers.echo());
    try (RawClient client = new RawClient(port)) {
      client.send("PUT /up HTTP/1.0\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\nabc");
      RawClient.Response response = client.read();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("PUT /up abc");
    }
  }

  @Test
  void aResponseWithoutLengthIsChunkedOnHttp11() throws IOException {
    int port = start(TestHandlers.streaming(3));
    try (RawClient client = new RawClient(port)) {
      RawClient.Response response = client.send(GET).read();
      assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
      assertThat(response.body()).isEqualTo("chunk0;chunk1;chunk2;");
      assertThat(client.send(GET).read().body()).isEqualTo("chunk0;chunk1;chunk2;");
    }
  }

  @Test
  void aResponseWithoutLengthEndsByClosingOnHttp10EvenWithKeepAlive() throws IOException {
    int port = start(TestHandlers.streaming(2));
    try (RawClient client = new RawClient(port)) {
      RawClient.Response response =
          client.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
      assertThat(response.header("Transfer-Encoding")).isNull();
      assertThat(response.header("Connection")).isEqualTo("close");
      assertThat(response.body()).isEqualTo("chunk0;chunk1;");
    }
  }

  @Test
  void aHeadResponseCarriesNoBody() throws IOException {
    int port = start(TestHandlers.echo());
    try (RawClient client = new RawClient(port)) {
      RawClient.Response response = client.send("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n").read(true);
      assertThat(response.header("Content-Length")).isEqualTo("8");
      assertThat(client.send(GET).read().body()).isEqualTo("GET /hello ");
    }
  }

  @Test
  void noKeepAliveClosesAfterEachResponse() throws IOException {
    int port = start(TestHandlers.echo(), b -> b.noKeepAlive(true));
    try (RawClient client = new RawClient(port)) {
      assertThat(client.send(GET).read().header("Connection")).isEqualTo("close");
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void maxRequestsPerConnectionClosesAfterTheLastOne() throws IOException {
    int port = start(TestHandlers.echo(), b -> b.maxRequestsPerConnection(2));
    try (RawClient client = new RawClient(port)) {
      assertThat(client.send(GET).read().header("Connection")).isNull();
      assertThat(client.send(GET).read().header("Connection")).isEqualTo("close");
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void ipv6AddressesAreWrittenInTheirShortForm() throws Exception {
    assertThat(NetUtil.ipString(java.net.InetAddress.getByName("::1"))).isEqualTo("::1");
    assertThat(NetUtil.ipString(java.net.InetAddress.getByName("2001:db8:0:0:1:0:0:1")))
        .isEqualTo("2001:db8::1:0:0:1");
    assertThat(NetUtil.ipString(java.net.InetAddress.getByName("127.0.0.1")))
        .isEqualTo("127.0.0.1");
  }
}
