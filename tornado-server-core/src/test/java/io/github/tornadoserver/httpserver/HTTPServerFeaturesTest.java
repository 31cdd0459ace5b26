package io.github.tornadoserver.httpserver;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPInputException;
import io.github.tornadoserver.httputil.HTTPMessageDelegate;
import io.github.tornadoserver.httputil.HTTPOutputException;
import io.github.tornadoserver.httputil.HTTPServerRequest;
import io.github.tornadoserver.httputil.RejectionReason;
import io.github.tornadoserver.httputil.RequestStartLine;
import io.github.tornadoserver.httputil.ResponseStartLine;
import io.github.tornadoserver.netutil.NetUtil;
import io.github.tornadoserver.tcpserver.ServerListener;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.Loops;
import io.github.tornadoserver.testing.TestCertificates;
import io.github.tornadoserver.tls.SSLOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request callback form, proxies, TLS, Unix sockets, gzip, timeouts, drain and failures. */
class HTTPServerFeaturesTest extends HTTPServerTestSupport {

  /** Answers {@code remote_ip protocol host path a=<a>} for each whole request. */
  private static void describe(HTTPServerRequest request) {
    List<String> a;
    try {
      a = request.arguments().getOrDefault("a", List.of());
    } catch (HTTPInputException e) {
      request.respond(400, new HTTPHeaders(), new byte[0]);
      return;
    }
    String text =
        request.remoteIp()
            + " "
            + request.protocol()
            + " "
            + request.host()
            + " "
            + request.path()
            + " a="
            + a
            + " body="
            + request.body().length;
    request.respond(200, new HTTPHeaders(), text.getBytes(UTF_8));
  }

  @Test
  void theRequestCallbackGetsAWholeRequestWithItsArguments() throws IOException {
    int port = start(HTTPServer.builder(HTTPServerFeaturesTest::describe));
    try (RawClient client = new RawClient(port)) {
      RawClient.Response response =
          client
              .send(
                  "POST /p?a=1 HTTP/1.1\r\nHost: example.com:8080\r\n"
                      + "Content-Type: application/x-www-form-urlencoded\r\n"
                      + "Content-Length: 3\r\n\r\na=2")
              .read();
      assertThat(response.body()).isEqualTo("127.0.0.1 http example.com:8080 /p a=[1, 2] body=3");
    }
  }

  @Test
  void finishingTheResponseStopsTheRequestClock() throws Exception {
    CompletableFuture<HTTPServerRequest> answered = new CompletableFuture<>();
    int port =
        start(
            HTTPServer.builder(
                request -> {
                  request.respond(200, null, "ok".getBytes(UTF_8));
                  answered.complete(request);
                }));
    try (RawClient client = new RawClient(port)) {
      assertThat(client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().body()).isEqualTo("ok");
    }
    HTTPServerRequest request = answered.get(5, TimeUnit.SECONDS);
    // Stopped: the same duration however often, and however much later, it is asked.
    Duration first = request.requestTime();
    answered.thenRun(() -> {}).get(5, TimeUnit.SECONDS);
    assertThat(request.requestTime()).isEqualTo(first).isPositive();
  }

  @Test
  void xheadersTakeTheClientFromTheProxyHeadersPerRequest() throws IOException {
    int port =
        start(
            HTTPServer.builder(HTTPServerFeaturesTest::describe)
                .xheaders(true)
                .trustedDownstream(java.util.Set.of("10.0.0.9")));
    try (RawClient client = new RawClient(port)) {
      RawClient.Response proxied =
          client
              .send(
                  "GET / HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 203.0.113.7, 10.0.0.9\r\n"
                      + "X-Forwarded-Proto: https\r\n\r\n")
              .read();
      assertThat(proxied.body()).startsWith("203.0.113.7 https ");
      RawClient.Response invalid =
          client.send("GET / HTTP/1.1\r\nHost: x\r\nX-Real-Ip: not-an-ip\r\n\r\n").read();
      assertThat(invalid.body()).startsWith("127.0.0.1 http ");
    }
  }

  @Test
  void aTlsServerAnswersHttpsRequests() throws IOException {
    int port =
        start(
            HTTPServer.builder(HTTPServerFeaturesTest::describe)
                .sslOptions(TestCertificates.server()));
    SSLSocket socket =
        (SSLSocket)
            TestCertificates.client().context().getSocketFactory().createSocket("127.0.0.1", port);
    try (socket) {
      socket.setSoTimeout(5000);
      socket
          .getOutputStream()
          .write(
              "GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                  .getBytes(ISO_8859_1));
      String answer = new String(socket.getInputStream().readAllBytes(), ISO_8859_1);
      assertThat(answer).startsWith("HTTP/1.1 200 OK").contains("127.0.0.1 https localhost /hello");
    }
  }

  /** Answers with the subject of the client's first certificate, or "none". */
  private static void clientSubject(HTTPServerRequest request) {
    String subject =
        request.peerCertificates().isEmpty()
            ? "none"
            : ((X509Certificate) request.peerCertificates().get(0))
                .getSubjectX500Principal()
                .getName();
    request.respond(200, new HTTPHeaders(), subject.getBytes(ISO_8859_1));
  }

  /** Three keep-alive requests on one TLS connection; the bodies of their answers. */
  private static List<String> threeRequestsOverTls(SSLOptions client, int port) throws IOException {
    SSLSocket socket =
        (SSLSocket) client.context().getSocketFactory().createSocket("127.0.0.1", port);
    try (socket) {
      socket.setSoTimeout(5000);
      socket
          .getOutputStream()
          .write(
              ("GET /1 HTTP/1.1\r\nHost: x\r\n\r\n"
                      + "GET /2 HTTP/1.1\r\nHost: x\r\n\r\n"
                      + "GET /3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                  .getBytes(ISO_8859_1));
      String answer = new String(socket.getInputStream().readAllBytes(), ISO_8859_1);
      List<String> bodies = new ArrayList<>();
      for (String response : answer.split("HTTP/1.1 200 OK")) {
        if (!response.isEmpty()) {
          bodies.add(response.substring(response.indexOf("\r\n\r\n") + 4));
        }
      }
      return bodies;
    }
  }

  @Test
  void everyRequestOnATlsConnectionSeesTheClientsCertificates() throws IOException {
    int port =
        start(
            HTTPServer.builder(HTTPServerFeaturesTest::clientSubject)
                .sslOptions(TestCertificates.serverWithClientAuth()));
    List<String> subjects = threeRequestsOverTls(TestCertificates.clientWithCertificate(), port);
    assertThat(subjects).hasSize(3).doesNotContain("none");
    assertThat(subjects.get(0)).startsWith("CN=");
    assertThat(subjects).containsOnly(subjects.get(0));
  }

  @Test
  void everyRequestOnATlsConnectionWithoutAClientCertificateSeesNone() throws IOException {
    int port =
        start(
            HTTPServer.builder(HTTPServerFeaturesTest::clientSubject)
                .sslOptions(TestCertificates.server()));
    assertThat(threeRequestsOverTls(TestCertificates.client(), port))
        .containsExactly("none", "none", "none");
  }

  @Test
  void theConnectionGivesTheTlsSessionOverTlsAndNoneInPlainText() throws IOException {
    Consumer<HTTPServerRequest> session =
        request -> {
          String id =
              request
                  .connection()
                  .sslSession()
                  .map(s -> s.getProtocol() + " " + s.getId().length)
                  .orElse("none");
          request.respond(200, new HTTPHeaders(), id.getBytes(ISO_8859_1));
        };
    int tlsPort = start(HTTPServer.builder(session).sslOptions(TestCertificates.server()));
    SSLSocket socket =
        (SSLSocket)
            TestCertificates.client()
                .context()
                .getSocketFactory()
                .createSocket("127.0.0.1", tlsPort);
    try (socket) {
      socket.setSoTimeout(5000);
      socket
          .getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(ISO_8859_1));
      String answer = new String(socket.getInputStream().readAllBytes(), ISO_8859_1);
      assertThat(answer).endsWith("\r\n\r\n" + socket.getSession().getProtocol() + " 32");
    }
  }

  @Test
  void aUnixSocketServerAnswersWithTheUnixPlaceholderIp(@TempDir Path dir) throws IOException {
    Path path = dir.resolve("http.sock");
    server = HTTPServer.builder(HTTPServerFeaturesTest::describe).build();
    Loops.run(loop, () -> server.addSocket(NetUtil.bindUnixSocket(path)));
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(path));
      channel.write(ByteBuffer.wrap("GET /u HTTP/1.0\r\n\r\n".getBytes(ISO_8859_1)));
      String answer = new String(Channels.newInputStream(channel).readAllBytes(), ISO_8859_1);
      assertThat(answer)
          .startsWith("HTTP/1.1 200 OK")
          .endsWith("0.0.0.0 http 127.0.0.1 /u a=[] body=0");
    }
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  private static String postGzip(byte[] compressed) {
    return "POST /z HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: "
        + compressed.length
        + "\r\n\r\n"
        + new String(compressed, ISO_8859_1);
  }

  @Test
  void aGzipBodyIsInflatedWhenDecompressionIsOn() throws IOException {
    int port = start(TestHandlers.echo(), b -> b.decompressRequest(true));
    try (RawClient client = new RawClient(port)) {
      RawClient.Response response = client.send(postGzip(gzip("inflated!".getBytes(UTF_8)))).read();
      assertThat(response.body()).isEqualTo("POST /z inflated!");
    }
  }

  @Test
  void aGzipBodyInflatingPastMaxBodySizeIsAnswered413() throws IOException {
    LogCapture.expect("tornado.general", Level.INFO, "Refused request");
    int port = start(TestHandlers.echo(), b -> b.decompressRequest(true).maxBodySize(1024 * 1024));
    byte[] bomb = gzip(new byte[10 * 1024 * 1024]);
    try (RawClient client = new RawClient(port)) {
      assertThat(client.send(postGzip(bomb)).read().status()).isEqualTo(413);
    }
  }

  @Test
  void aCorruptGzipBodyIsAnswered400() throws IOException {
    LogCapture.expect("tornado.general", Level.INFO, "Refused request");
    int port = start(TestHandlers.echo(), b -> b.decompressRequest(true));
    byte[] corrupt = gzip("some text to break".getBytes(UTF_8));
    corrupt[12] ^= 0x55;
    try (RawClient client = new RawClient(port)) {
      assertThat(client.send(postGzip(corrupt)).read().status()).isEqualTo(400);
    }
  }

  @Test
  void anIdleConnectionIsClosedAfterTheIdleTimeout() throws IOException {
    int port = start(TestHandlers.echo(), b -> b.idleConnectionTimeout(Duration.ofMillis(200)));
    try (RawClient client = new RawClient(port)) {
      assertThat(client.send(GET).read().status()).isEqualTo(200);
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void aSlowBodyIsCutAtTheBodyTimeout() throws IOException {
    LogCapture.expect("tornado.general", Level.INFO, "not read within");
    int port = start(TestHandlers.echo(), b -> b.bodyTimeout(Duration.ofMillis(200)));
    try (RawClient client = new RawClient(port)) {
      client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab");
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void aHandlerExceptionIsAnswered500AndLogged() throws IOException {
    LogCapture.expect("tornado.application", Level.ERROR, "Uncaught exception handling GET /boom");
    int port =
        start(
            (server, connection) ->
                new HTTPMessageDelegate() {
                  @Override
                  public CompletionStage<?> headersReceived(RequestStartLine line, HTTPHeaders h) {
                    throw new IllegalStateException("boom");
                  }

                  @Override
                  public void finish() {}
                });
    try (RawClient client = new RawClient(port)) {
      assertThat(client.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n").read().status())
          .isEqualTo(500);
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void writingMoreThanTheContentLengthFailsTheWriteAndClosesTheConnection() throws IOException {
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    int port =
        start(
            TestHandlers.onFinish(
                connection -> {
                  HTTPHeaders headers = new HTTPHeaders();
                  headers.add("Content-Length", "2");
                  connection.writeHeaders(ResponseStartLine.of(200), headers, null);
                  connection
                      .write(ByteBuffer.wrap("abc".getBytes(ISO_8859_1)))
                      .whenComplete((v, e) -> failure.complete(e));
                }));
    try (RawClient client = new RawClient(port)) {
      client.send(GET);
      assertThat(failure.orTimeout(5, TimeUnit.SECONDS).join())
          .isInstanceOf(HTTPOutputException.class)
          .hasMessageContaining("more data than Content-Length");
    }
  }

  @Test
  void maxConnectionsClosesConnectionsBeyondTheLimit() throws IOException {
    LogCapture.expect("tornado.general", Level.INFO, "Refused connection");
    List<String> reasons = new CopyOnWriteArrayList<>();
    List<RejectionReason> requestRejections = new CopyOnWriteArrayList<>();
    int port =
        start(
            TestHandlers.echo(),
            b ->
                b.maxConnections(1)
                    .rejectionListener(requestRejections::add)
                    .listener(
                        new ServerListener() {
                          @Override
                          public void connectionRejected(String reason) {
                            reasons.add(reason);
                          }
                        }));
    try (RawClient first = new RawClient(port)) {
      assertThat(first.send(GET).read().status()).isEqualTo(200);
      try (RawClient second = new RawClient(port)) {
        assertThat(second.closedByServer()).isTrue();
      }
      assertThat(first.send(GET).read().status()).isEqualTo(200);
    }
    assertThat(reasons).containsExactly("max_connections");
    assertThat(requestRejections).isEmpty();
  }

  @Test
  void theListenerSeesEachConnectionAcceptedAndClosedWithItsBytes() throws IOException {
    List<String> events = new CopyOnWriteArrayList<>();
    ServerListener listener =
        new ServerListener() {
          @Override
          public void connectionAccepted() {
            events.add("accepted");
          }

          @Override
          public void connectionClosed(long durationNanos, long received, long sent) {
            events.add("closed " + (received == GET.length()) + " " + (sent > 0));
          }
        };
    int port = start(TestHandlers.echo(), b -> b.listener(listener));
    try (RawClient client = new RawClient(port)) {
      assertThat(client.send(GET).read().status()).isEqualTo(200);
    }
    awaitConnectionCount(n -> n == 0, "0");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (events.size() < 2 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(events).containsExactly("accepted", "closed true true");
  }

  @Test
  void aDrainUnderLoadFinishesEveryInFlightRequestAndClosesIdleConnections() throws Exception {
    int port = start(TestHandlers.echo());
    List<RawClient> busy = new ArrayList<>();
    try (RawClient idle = new RawClient(port)) {
      assertThat(idle.send(GET).read().status()).isEqualTo(200);
      for (int i = 0; i < 20; i++) {
        RawClient client = new RawClient(port);
        busy.add(client);
        client.send("GET /slow" + i + "?delay=300 HTTP/1.1\r\nHost: x\r\n\r\n");
      }
      awaitConnections(21);
      CompletableFuture<Boolean> drained = server.shutdown(Duration.ofSeconds(5));
      assertThat(idle.closedByServer()).isTrue();
      for (int i = 0; i < busy.size(); i++) {
        RawClient.Response response = busy.get(i).read();
        assertThat(response.body()).isEqualTo("GET /slow" + i + "?delay=300 ");
        assertThat(response.header("Connection")).isEqualTo("close");
      }
      assertThat(drained.get(5, TimeUnit.SECONDS)).isTrue();
      awaitConnectionCount(count -> count == 0, "0");
    } finally {
      for (RawClient client : busy) {
        client.close();
      }
    }
  }

  @Test
  void aDrainCutsWhatIsLeftAtTheDeadline() throws Exception {
    int port = start(TestHandlers.echo());
    try (RawClient slow = new RawClient(port)) {
      slow.send("GET /?delay=3000 HTTP/1.1\r\nHost: x\r\n\r\n");
      awaitConnections(1);
      CompletableFuture<Boolean> drained = server.shutdown(Duration.ofMillis(200));
      assertThat(drained.get(5, TimeUnit.SECONDS)).isFalse();
      assertThat(slow.closedByServer()).isTrue();
    }
  }

  private void awaitConnections(int n) {
    awaitConnectionCount(count -> count >= n, ">= " + n);
    // every connection has been handed its request head
    Loops.run(loop, () -> {});
  }

  @Test
  void localAddressIsReported() {
    start(TestHandlers.echo());
    assertThat(server.localAddresses().get(0)).isInstanceOf(InetSocketAddress.class);
  }
}
