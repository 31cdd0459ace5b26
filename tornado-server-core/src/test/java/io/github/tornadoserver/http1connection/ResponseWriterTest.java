package io.github.tornadoserver.http1connection;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.ResponseStartLine;
import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bytes a response becomes over a memory stream, no socket: fixed length, chunked, HEAD, no
 * body, HTTP/1.0 and an application's {@code Connection: close}, for requests sent whole and in
 * pieces of 1, 2 and 7 bytes.
 */
class ResponseWriterTest extends MemoryConnectionTestSupport {

  private static ByteBuffer text(String s) {
    return ByteBuffer.wrap(s.getBytes(ISO_8859_1));
  }

  /** Answers with a head without length, then "hel" and "lo" as chunks. */
  private static final MemoryConnection.Answer CHUNKED =
      (connection, start, body) -> {
        connection.writeHeaders(ResponseStartLine.of(200), new HTTPHeaders(), text("hel"));
        connection.write(text("lo"));
        connection.finish();
      };

  private MemoryConnection answering(int piece, MemoryConnection.Answer answer) {
    return new MemoryConnection(loop, piece, HTTP1ConnectionParameters.defaults(), answer);
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void aBodyWithoutLengthIsSentChunkedToAnHttp11Client(int piece) {
    MemoryConnection connection = answering(piece, CHUNKED);
    connection.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(connection.untilWritten("0\r\n\r\n", 1))
        .isEqualTo(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nDate: *\r\n\r\n"
                + "3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n");
    assertThat(connection.pair.peer().closedByStream()).isFalse();
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void aBodyWithoutLengthEndsWithTheCloseForAnHttp10Client(int piece) {
    MemoryConnection connection = answering(piece, CHUNKED);
    connection.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    assertThat(connection.untilClosed())
        .isEqualTo("HTTP/1.1 200 OK\r\nConnection: close\r\nDate: *\r\n\r\nhello");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void theAnswerToHeadCarriesTheHeadersButNoBody(int piece) {
    MemoryConnection connection = connect(piece);
    connection.send("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n");
    connection.untilIdle();
    connection.send("GET /g HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(connection.untilWritten("HTTP/1.1 200", 2))
        .isEqualTo(
            "HTTP/1.1 200 OK\r\nContent-Length: 8\r\nDate: *\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 7\r\nDate: *\r\n\r\nGET /g ");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void a204HasNoBodyAndNoChunkedFraming(int piece) {
    MemoryConnection connection =
        answering(
            piece,
            (request, start, body) -> {
              request.writeHeaders(ResponseStartLine.of(204), new HTTPHeaders(), null);
              request.finish();
            });
    connection.send("DELETE /x HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(connection.untilWritten("HTTP/1.1 204", 1))
        .isEqualTo("HTTP/1.1 204 No Content\r\nDate: *\r\n\r\n");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void anApplicationsConnectionCloseEndsTheConnectionAfterTheAnswer(int piece) {
    MemoryConnection connection =
        answering(
            piece,
            (request, start, body) -> {
              HTTPHeaders headers = new HTTPHeaders();
              headers.add("Content-Length", "2");
              headers.add("Connection", "close");
              request.writeHeaders(ResponseStartLine.of(200), headers, text("ok"));
              request.finish();
            });
    connection.send("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /never HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(connection.untilClosed())
        .isEqualTo(
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\nDate: *\r\n\r\nok");
    assertThat(connection.events).containsExactly("head GET / HTTP/1.1", "finish ");
  }
}
