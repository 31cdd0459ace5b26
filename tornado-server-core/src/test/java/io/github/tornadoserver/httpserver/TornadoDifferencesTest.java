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
import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.testing.LogCapture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where this server and Tornado meet or part on purpose (docs/porting-map.md): chunkSize for
 * inflated bodies and chunk sizes with leading zeros as Tornado; a raw response written by a
 * request callback and HTTP/1.0 with Transfer-Encoding differently, each pinned here.
 */
class TornadoDifferencesTest extends HTTPServerTestSupport {

  /**
   * Records the body pieces it is given; each {@code dataReceived} returns a stage completed on a
   * later loop iteration, and a piece that arrives while that stage is pending is counted. Answers
   * {@code <pieces> <largest> <overlaps> <body>}.
   */
  private static final class SlowReader implements HTTPMessageDelegate {
    private final HTTPConnection connection;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);
    private int pieces;
    private int largest;
    private int overlaps;

    SlowReader(HTTPConnection connection) {
      this.connection = connection;
    }

    @Override
    public CompletionStage<?> headersReceived(RequestStartLine startLine, HTTPHeaders headers) {
      return null;
    }

    @Override
    public CompletionStage<?> dataReceived(ByteBuffer chunk) {
      if (!pending.isDone()) {
        overlaps++;
      }
      pieces++;
      largest = Math.max(largest, chunk.remaining());
      byte[] bytes = new byte[chunk.remaining()];
      chunk.get(bytes);
      body.writeBytes(bytes);
      CompletableFuture<Void> stage = new CompletableFuture<>();
      pending = stage;
      IOLoop.current().addCallback(() -> stage.complete(null));
      return stage;
    }

    @Override
    public void finish() {
      byte[] text =
          (pieces + " " + largest + " " + overlaps + " " + body.toString(ISO_8859_1))
              .getBytes(ISO_8859_1);
      HTTPHeaders headers = new HTTPHeaders();
      headers.add("Content-Length", String.valueOf(text.length));
      connection.writeHeaders(ResponseStartLine.of(200), headers, ByteBuffer.wrap(text));
      connection.finish();
    }
  }

  private static final HTTPServerConnectionDelegate SLOW_READER =
      (server, connection) -> new SlowReader(connection);

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  @ParameterizedTest(name = "chunkSize {0}")
  @ValueSource(ints = {1, 16, 1000})
  void everyPieceOfAnInflatedBodyRespectsChunkSizeAndWaitsForTheLastOne(int chunkSize)
      throws IOException {
    String plain = "tornado ".repeat(500);
    byte[] compressed = gzip(plain.getBytes(ISO_8859_1));
    assertThat(compressed.length).isLessThan(plain.length() / 10);
    int port = start(SLOW_READER, b -> b.decompressRequest(true).chunkSize(chunkSize));

    try (RawClient client = new RawClient(port)) {
      client.send(
          "POST /z HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: "
              + compressed.length
              + "\r\n\r\n"
              + new String(compressed, ISO_8859_1));
      String[] answer = client.read().body().split(" ", 4);

      assertThat(Integer.parseInt(answer[1])).as("largest piece").isBetween(1, chunkSize);
      assertThat(Integer.parseInt(answer[0]))
          .as("pieces")
          .isGreaterThanOrEqualTo(plain.length() / chunkSize);
      assertThat(answer[2]).as("pieces given while the previous stage was pending").isEqualTo("0");
      assertThat(answer[3]).isEqualTo(plain);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 7})
  void aChunkSizeWithLeadingZerosIsAccepted(int piece) throws IOException {
    int port = start(TestHandlers.echo());
    String request =
        "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "0000000000000000005\r\nhello\r\n0000\r\n\r\n";

    try (RawClient client = new RawClient(port)) {
      if (piece == 0) {
        client.send(request);
      } else {
        client.sendInPieces(request, piece);
      }
      RawClient.Response response = client.read();

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("POST /c hello");
    }
  }

  /** Tornado 6 still sends such bytes as they are; here the callback fails and gets a 500. */
  @Test
  void aRequestCallbackThatWritesARawResponseWithoutWriteHeadersIsAnswered500() throws IOException {
    LogCapture.expect("tornado.application", Level.ERROR, "Uncaught exception handling");
    int port =
        start(
            HTTPServer.builder(
                request ->
                    request
                        .connection()
                        .write(
                            ByteBuffer.wrap(
                                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                                    .getBytes(ISO_8859_1)))));

    try (RawClient client = new RawClient(port)) {
      RawClient.Response response = client.send(GET).read();

      assertThat(response.status()).isEqualTo(500);
      assertThat(client.closedByServer()).isTrue();
    }
    assertThat(LogCapture.messages("tornado.application", Level.ERROR))
        .singleElement()
        .asString()
        .startsWith("Uncaught exception handling GET /hello HTTP/1.1");
  }

  /** RFC 9112 §6.1 lets a server refuse it or read it; Tornado reads it, we refuse it. */
  @Test
  void anHttp10RequestWithTransferEncodingChunkedIsAnswered400() throws IOException {
    LogCapture.expect("tornado.general", Level.INFO, "Refused request");
    int port = start(TestHandlers.echo());

    try (RawClient client = new RawClient(port)) {
      RawClient.Response response =
          client
              .send("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
              .read();

      assertThat(response.status()).isEqualTo(400);
      assertThat(client.closedByServer()).isTrue();
    }
  }
}
