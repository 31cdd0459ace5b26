package io.github.tornadoserver.httpserver;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.httputil.HTTPConnection;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPMessageDelegate;
import io.github.tornadoserver.httputil.HTTPServerConnectionDelegate;
import io.github.tornadoserver.httputil.RequestStartLine;
import io.github.tornadoserver.httputil.ResponseStartLine;
import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.iostream.StreamClosedException;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.Loops;
import io.github.tornadoserver.testing.TestCertificates;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rows of the Tornado behaviour catalogue (tornado.md §2) not covered elsewhere. */
class HTTPEdgeCasesTest extends HTTPServerTestSupport {
  /** How much of a body the server drops after an early answer before it closes (1 MiB). */
  private static final long LINGER_BYTES = 1024 * 1024;

  @Test
  void aSingleWordRequestLineIsAnswered400() throws IOException {
    LogCapture.expect("tornado.general", Level.INFO, "Refused request");
    int port = start(TestHandlers.echo());
    try (RawClient client = new RawClient(port)) {
      assertThat(client.send("asdf\r\n\r\n").read().status()).isEqualTo(400);
    }
  }

  /** Sends whole ({@code piece == 0}) or in flushed pieces of {@code piece} bytes. */
  private static RawClient.Response exchange(RawClient client, String request, int piece)
      throws IOException {
    return (piece == 0 ? client.send(request) : client.sendInPieces(request, piece)).read();
  }

  @ParameterizedTest(name = "pieces of {0} bytes (0 = whole)")
  @ValueSource(ints = {0, 1, 2, 7})
  void targetsWithHighBytesAbsoluteFormAndAsteriskFormAreAccepted(int piece) throws IOException {
    int port = start(TestHandlers.echo());
    try (RawClient client = new RawClient(port)) {
      assertThat(exchange(client, "GET /caf\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n", piece).body())
          .isEqualTo("GET /caf\u00e9 ");
      assertThat(exchange(client, "GET http://x/hello HTTP/1.1\r\nHost: x\r\n\r\n", piece).body())
          .isEqualTo("GET http://x/hello ");
      assertThat(exchange(client, "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", piece).body())
          .isEqualTo("OPTIONS * ");
    }
  }

  @ParameterizedTest(name = "pieces of {0} bytes (0 = whole)")
  @ValueSource(ints = {0, 1, 2, 7})
  void bareLineFeedsAreAcceptedAsLineEnds(int piece) throws IOException {
    int port = start(TestHandlers.echo());
    try (RawClient client = new RawClient(port)) {
      assertThat(exchange(client, "GET /hello HTTP/1.0\n\n", piece).status()).isEqualTo(200);
    }
    try (RawClient client = new RawClient(port)) {
      RawClient.Response mixed = exchange(client, "GET /a HTTP/1.1\nHost: x\r\n\n", piece);
      assertThat(mixed.body()).isEqualTo("GET /a ");
    }
  }

  @Test
  void aClientThatConnectsAndLeavesLogsNothing() throws Exception {
    int port = start(TestHandlers.echo());
    new RawClient(port).close();
    try (RawClient client = new RawClient(port)) {
      assertThat(client.send(GET).read().status()).isEqualTo(200);
    }
    assertThat(LogCapture.events())
        .noneMatch(
            e ->
                e.getLevel().isGreaterOrEqual(Level.INFO)
                    && e.getLoggerName().startsWith("tornado"));
  }

  @ParameterizedTest(name = "pieces of {0} bytes (0 = whole)")
  @ValueSource(ints = {0, 1, 2, 7})
  void tabsInValuesEmptyValuesAndEqualRepeatedContentLengthsAreAccepted(int piece)
      throws IOException {
    int port = start(TestHandlers.echo());
    try (RawClient client = new RawClient(port)) {
      String request =
          "POST /t HTTP/1.1\r\nHost: x\r\nX-A: a\tb\r\nX-Empty:\r\n"
              + "Content-Length: 2, 2\r\nContent-Length: 2\r\n\r\nok";
      assertThat(exchange(client, request, piece).body()).isEqualTo("POST /t ok");
    }
  }

  /** Raises its body limit per request when the path is /big, as Tornado's set_max_body_size. */
  private static HTTPServerConnectionDelegate limitRaising() {
    return (server, connection) -> {
      TestHandlers.Echo echo = new TestHandlers.Echo(connection);
      return new HTTPMessageDelegate() {
        @Override
        public CompletionStage<?> headersReceived(RequestStartLine line, HTTPHeaders headers) {
          if (line.uri().equals("/big")) {
            connection.setMaxBodySize(10240);
          }
          return echo.headersReceived(line, headers);
        }

        @Override
        public CompletionStage<?> dataReceived(ByteBuffer chunk) {
          return echo.dataReceived(chunk);
        }

        @Override
        public void finish() {
          echo.finish();
        }
      };
    };
  }

  @Test
  void aPerRequestBodyLimitAppliesToThatRequestOnly() throws IOException {
    LogCapture.expect("tornado.general", Level.INFO, "Refused request");
    int port = start(limitRaising(), b -> b.maxBodySize(4096));
    String body = "x".repeat(10240);
    try (RawClient client = new RawClient(port)) {
      String big = "POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 10240\r\n\r\n" + body;
      assertThat(client.send(big).read().body()).hasSize("POST /big ".length() + 10240);
      String again = "POST /again HTTP/1.1\r\nHost: x\r\nContent-Length: 10240\r\n\r\n" + body;
      assertThat(client.send(again).read().status()).isEqualTo(413);
    }
  }

  @Test
  void anAnswerBeforeTheBodyWasReadClosesTheConnection() throws IOException {
    int port =
        start(
            (server, connection) ->
                new HTTPMessageDelegate() {
                  @Override
                  public CompletionStage<?> headersReceived(RequestStartLine line, HTTPHeaders h) {
                    HTTPHeaders headers = new HTTPHeaders();
                    headers.add("Content-Length", "5");
                    connection.writeHeaders(
                        ResponseStartLine.of(200),
                        headers,
                        ByteBuffer.wrap("early".getBytes(ISO_8859_1)));
                    connection.finish();
                    return new CompletableFuture<>(); // never reads the body
                  }

                  @Override
                  public void finish() {}
                });
    try (RawClient client = new RawClient(port)) {
      RawClient.Response response =
          client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3000\r\n\r\n").read();
      assertThat(response.body()).isEqualTo("early");
      assertThat(response.header("Connection")).isEqualTo("close");
    }
  }

  /**
   * A delegate that answers as soon as the head arrives and records what it is told afterwards;
   * {@code pause} says whether it holds the body back (a future that never completes) or takes it.
   */
  private static HTTPServerConnectionDelegate earlyAnswer(List<String> told, boolean pause) {
    return (server, connection) ->
        new HTTPMessageDelegate() {
          @Override
          public CompletionStage<?> headersReceived(RequestStartLine line, HTTPHeaders h) {
            HTTPHeaders headers = new HTTPHeaders();
            headers.add("Content-Length", "5");
            connection.writeHeaders(
                ResponseStartLine.of(401), headers, ByteBuffer.wrap("early".getBytes(ISO_8859_1)));
            connection.finish();
            return pause ? new CompletableFuture<>() : null;
          }

          @Override
          public CompletionStage<?> dataReceived(ByteBuffer chunk) {
            told.add("data");
            return null;
          }

          @Override
          public void finish() {
            told.add("finish");
          }

          @Override
          public void onConnectionClose() {
            told.add("close");
          }
        };
  }

  /** The connection is gone, and the delegate was told only that (no more body, no finish). */
  private void assertClosedAndOnlyToldSo(List<String> told) {
    awaitConnectionCount(n -> n == 0, "0");
    assertThat(told).containsExactly("close");
  }

  @ParameterizedTest(name = "the delegate holds the body back: {0}")
  @ValueSource(booleans = {false, true})
  void afterAnEarlyAnswerTheRestOfTheBodyIsDroppedAndTheConnectionCloses(boolean pause)
      throws Exception {
    List<String> told = new CopyOnWriteArrayList<>();
    int port = start(earlyAnswer(told, pause));
    try (RawClient client = new RawClient(port)) {
      client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n");
      RawClient.Response response = client.read();
      assertThat(response.status()).isEqualTo(401);
      assertThat(response.body()).isEqualTo("early");
      assertThat(response.header("Connection")).isEqualTo("close");
      // The client goes on uploading, as clients that do not read while they send do: the
      // server drops it and ends the connection (at once when it reads, within the lingering
      // time when its delegate holds the body back), however much the client announced.
      client.send("x".repeat(64 * 1024));
      assertThat(client.socket.getInputStream().read()).isEqualTo(-1);
    }
    assertClosedAndOnlyToldSo(told);
  }

  @Test
  void aRequestPipelinedBehindADroppedBodyIsNotServedAndTheConnectionEnds() throws Exception {
    List<String> told = new CopyOnWriteArrayList<>();
    int port = start(earlyAnswer(told, false));
    try (RawClient client = new RawClient(port)) {
      client.send(
          "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
              + "GET /next HTTP/1.1\r\nHost: x\r\n\r\n");
      RawClient.Response response = client.read();
      assertThat(response.status()).isEqualTo(401);
      assertThat(response.header("Connection")).isEqualTo("close");
      // The next request is not served (the answer said close), and the end is an EOF.
      assertThat(client.socket.getInputStream().read()).isEqualTo(-1);
    }
    awaitConnectionCount(n -> n == 0, "0");
  }

  @Test
  void aBrokenChunkInADroppedBodyEndsTheConnectionWithoutARefusal() throws Exception {
    List<String> told = new CopyOnWriteArrayList<>();
    int port = start(earlyAnswer(told, false));
    try (RawClient client = new RawClient(port)) {
      client.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
      assertThat(client.read().status()).isEqualTo(401);
      client.send("3\r\nabc\r\nzz\r\n"); // no 400 can follow the answer already sent
      assertThat(client.socket.getInputStream().read()).isEqualTo(-1);
    }
    assertClosedAndOnlyToldSo(told);
    assertThat(LogCapture.messages("tornado.general", Level.INFO))
        .noneMatch(m -> m.startsWith("Refused request"));
  }

  @Test
  void overTlsTheBodyAfterAnEarlyAnswerIsDroppedToo() throws Exception {
    // A TLS stream keeps its write side (its close needs it), so the client sees the end when
    // the dropped body ends.
    List<String> told = new CopyOnWriteArrayList<>();
    int port =
        start(HTTPServer.builder(earlyAnswer(told, false)).sslOptions(TestCertificates.server()));
    SSLSocket socket =
        (SSLSocket)
            TestCertificates.client().context().getSocketFactory().createSocket("127.0.0.1", port);
    try (RawClient client = new RawClient(socket)) {
      client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n");
      RawClient.Response response = client.read();
      assertThat(response.status()).isEqualTo(401);
      assertThat(response.header("Connection")).isEqualTo("close");
      client.send("x".repeat(70000));
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }
    assertClosedAndOnlyToldSo(told);
  }

  @Test
  void afterAnEarlyAnswerAClientThatUploadsMoreThanTheDropBoundIsClosed() throws Exception {
    List<String> told = new CopyOnWriteArrayList<>();
    int port = start(earlyAnswer(told, false));
    try (RawClient client = new RawClient(port)) {
      client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n");
      assertThat(client.read().status()).isEqualTo(401);
      // The server reads and drops 1 MiB, then closes: the upload fails long before the 100 MB
      // it announced (the kernel's buffers on both sides take a few MiB more first).
      byte[] piece = new byte[64 * 1024];
      long sent = 0;
      boolean cut = false;
      try {
        while (sent < 64 * LINGER_BYTES) {
          client.socket.getOutputStream().write(piece);
          sent += piece.length;
        }
      } catch (IOException closedUnderTheUpload) {
        cut = true;
      }
      assertThat(cut).as("upload cut after %d bytes", sent).isTrue();
    }
    assertClosedAndOnlyToldSo(told);
  }

  @Test
  void aClientLeavingDuringALargeDownloadIsCleanedUpQuietly() throws Exception {
    CompletableFuture<Throwable> writeOutcome = new CompletableFuture<>();
    int port =
        start(
            TestHandlers.onFinish(
                connection -> {
                  HTTPHeaders headers = new HTTPHeaders();
                  headers.add("Content-Length", String.valueOf(64 * 1024 * 1024));
                  connection.writeHeaders(ResponseStartLine.of(200), headers, null);
                  streamMore(connection, 1024, writeOutcome::complete);
                }));
    try (RawClient client = new RawClient(port)) {
      client.send(GET);
      client.socket.getInputStream().readNBytes(1024);
    }
    assertThat(writeOutcome.get(5, TimeUnit.SECONDS)).isInstanceOf(StreamClosedException.class);
    // the close callback runs in a loop iteration after the write failed
    awaitConnectionCount(n -> n == 0, "0");
  }

  /** Writes 64 KiB pieces, each after the previous one reached the kernel. */
  private static void streamMore(HTTPConnection connection, int left, Consumer<Throwable> done) {
    if (left == 0) {
      connection.finish();
      return;
    }
    connection
        .write(ByteBuffer.wrap(new byte[64 * 1024]))
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                done.accept(e);
              } else {
                streamMore(connection, left - 1, done);
              }
            });
  }

  @Test
  void aSlowBodyConsumerHoldsTheClientBackThroughDataReceived() throws Exception {
    List<Integer> chunkSizes = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> release = new CompletableFuture<>();
    int port =
        start(
            (server, connection) ->
                new HTTPMessageDelegate() {
                  @Override
                  public CompletionStage<?> headersReceived(RequestStartLine line, HTTPHeaders h) {
                    return null;
                  }

                  @Override
                  public CompletionStage<?> dataReceived(ByteBuffer chunk) {
                    chunkSizes.add(chunk.remaining());
                    return chunkSizes.size() == 1 ? release : null;
                  }

                  @Override
                  public void finish() {
                    connection.writeHeaders(ResponseStartLine.of(204), new HTTPHeaders(), null);
                    connection.finish();
                  }
                },
            b -> b.chunkSize(16));
    try (RawClient client = new RawClient(port)) {
      client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 64\r\n\r\n" + "y".repeat(64));
      Loops.run(loop, () -> {});
      assertThat(chunkSizes).containsExactly(16);
      loop.addCallback(() -> release.complete(null));
      assertThat(client.read().status()).isEqualTo(204);
      assertThat(chunkSizes).containsExactly(16, 16, 16, 16);
    }
  }

  @Test
  void detachHandsTheStreamOverAndStopsHttp() throws IOException {
    int port =
        start(
            TestHandlers.onFinish(
                connection -> {
                  IOStream stream = connection.detach();
                  stream
                      .write("HTTP/1.1 101 Switching Protocols\r\n\r\n".getBytes(ISO_8859_1))
                      .thenCompose(v -> stream.readBytes(4))
                      .thenCompose(
                          ping ->
                              stream.write(
                                  ("pong:" + new String(ping, ISO_8859_1)).getBytes(ISO_8859_1)))
                      .thenRun(stream::close);
                }));
    try (RawClient client = new RawClient(port)) {
      client.send(
          "GET /upgrade HTTP/1.1\r\nHost: x\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n");
      assertThat(client.read(true).status()).isEqualTo(101);
      client.send("ping");
      assertThat(new String(client.socket.getInputStream().readAllBytes(), ISO_8859_1))
          .isEqualTo("pong:ping");
    }
  }
}
