package io.github.tornadoserver.http1connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request heads over a memory stream, no socket: each head whole and in pieces of 1, 2 and 7 bytes;
 * what the delegate is told, and the exact bytes written back.
 */
class RequestHeadTest extends MemoryConnectionTestSupport {

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void aSimpleGetReachesTheDelegateAndIsAnswered(int piece) {
    MemoryConnection connection = connect(piece);
    connection.send("GET /path?q=1 HTTP/1.1\r\nHost: example\r\nAccept: */*\r\n\r\n");
    String written = connection.untilWritten("HTTP/1.1 200", 1);
    assertThat(written)
        .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 14\r\nDate: *\r\n\r\nGET /path?q=1 ");
    assertThat(connection.events).containsExactly("head GET /path?q=1 HTTP/1.1", "finish ");
    assertThat(connection.pair.peer().closedByStream()).isFalse();
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void anHttp10RequestIsAnsweredAndTheConnectionCloses(int piece) {
    MemoryConnection connection = connect(piece);
    connection.send("GET /old HTTP/1.0\r\n\r\n");
    assertThat(connection.untilClosed())
        .isEqualTo(
            "HTTP/1.1 200 OK\r\nContent-Length: 9\r\nConnection: close\r\nDate: *\r\n\r\n"
                + "GET /old ");
    assertThat(connection.events).containsExactly("head GET /old HTTP/1.0", "finish ");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void anHttp10RequestAskingForKeepAliveKeepsTheConnection(int piece) {
    MemoryConnection connection = connect(piece);
    connection.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    assertThat(connection.untilWritten("HTTP/1.1 200", 1))
        .isEqualTo(
            "HTTP/1.1 200 OK\r\nContent-Length: 7\r\nConnection: keep-alive\r\nDate: *\r\n\r\n"
                + "GET /a ");
    assertThat(connection.pair.peer().closedByStream()).isFalse();
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void aBadStartLineIsRefused400(int piece) {
    assertRefused(
        connect(piece), "GET /  HTTP/1.1\r\nHost: x\r\n\r\n", 400, "Bad Request", "bad_request");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void anObsoleteLineFoldIsRefused400(int piece) {
    assertRefused(
        connect(piece),
        "GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n folded\r\n\r\n",
        400,
        "Bad Request",
        "bad_request");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void aBareCarriageReturnIsRefused400(int piece) {
    assertRefused(
        connect(piece),
        "GET / HTTP/1.1\r\nHost: x\rY: z\r\n\r\n",
        400,
        "Bad Request",
        "bad_request");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void whitespaceBeforeTheColonIsRefused400(int piece) {
    assertRefused(
        connect(piece),
        "GET / HTTP/1.1\r\nHost: x\r\nBad : value\r\n\r\n",
        400,
        "Bad Request",
        "bad_request");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void contentLengthWithTransferEncodingIsRefused400(int piece) {
    assertRefused(
        connect(piece),
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
        400,
        "Bad Request",
        "bad_request");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void twoDifferentContentLengthsAreRefused400(int piece) {
    assertRefused(
        connect(piece),
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
        400,
        "Bad Request",
        "bad_request");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void aHeadOverMaxHeaderSizeIsRefused431(int piece) {
    assertRefused(
        connect(piece, MemoryConnection.smallLimits()),
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(1100) + "\r\n\r\n",
        431,
        "Request Header Fields Too Large",
        "header_too_large");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void aRefusedHeadNeverReachesTheDelegate(int piece) {
    MemoryConnection connection = connect(piece);
    assertRefused(
        connection,
        "GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n",
        400,
        "Bad Request",
        "bad_request");
    assertThat(connection.events).isEmpty();
  }
}
