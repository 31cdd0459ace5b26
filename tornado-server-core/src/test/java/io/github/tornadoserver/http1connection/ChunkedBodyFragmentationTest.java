package io.github.tornadoserver.http1connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Chunked request bodies over a memory stream, no socket: each body whole and in pieces of 1, 2 and
 * 7 bytes, so that every size line, extension, chunk and trailer is split at every boundary.
 */
class ChunkedBodyFragmentationTest extends MemoryConnectionTestSupport {
  private static final String HEAD =
      "POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void chunksWithExtensionsAndTrailersAreDecoded(int piece) {
    MemoryConnection connection = connect(piece);
    connection.send(
        HEAD
            + "5;name=value\r\nhello\r\n"
            + "1;quoted=\"a b\"\r\n \r\n"
            + "A\r\n0123456789\r\n"
            + "0;last\r\nX-Trailer: t\r\nX-Other: u\r\n\r\n");
    String written = connection.untilWritten("HTTP/1.1 200", 1);
    assertThat(connection.events)
        .containsExactly("head POST /up HTTP/1.1", "finish hello 0123456789");
    assertThat(written)
        .isEqualTo(
            "HTTP/1.1 200 OK\r\nContent-Length: 25\r\nDate: *\r\n\r\nPOST /up hello 0123456789");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void upperAndLowerCaseHexSizesAreRead(int piece) {
    MemoryConnection connection = connect(piece);
    String sixteen = "abcdefghijklmnop";
    connection.send(
        HEAD + "1a\r\n" + sixteen + "0123456789\r\n1A\r\n" + sixteen + "ABCDEFGHIJ\r\n0\r\n\r\n");
    connection.untilWritten("HTTP/1.1 200", 1);
    assertThat(connection.events)
        .containsExactly(
            "head POST /up HTTP/1.1", "finish " + sixteen + "0123456789" + sixteen + "ABCDEFGHIJ");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void aChunkSizeThatIsNotHexIsRefused400(int piece) {
    MemoryConnection connection = connect(piece);
    assertRefused(connection, HEAD + "3x\r\nabc\r\n0\r\n\r\n", 400, "Bad Request", "bad_request");
    assertThat(connection.events).containsExactly("head POST /up HTTP/1.1", "close");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void aChunkWithoutItsLineEndIsRefused400(int piece) {
    assertRefused(
        connect(piece), HEAD + "3\r\nabcX\r\n0\r\n\r\n", 400, "Bad Request", "bad_request");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void aTrailerWithoutAColonIsRefused400(int piece) {
    assertRefused(
        connect(piece), HEAD + "0\r\nno colon\r\n\r\n", 400, "Bad Request", "bad_request");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void chunksAddingUpPastMaxBodySizeAreRefused413(int piece) {
    assertRefused(
        connect(piece, MemoryConnection.smallLimits()),
        HEAD + "32\r\n" + "x".repeat(50) + "\r\n33\r\n",
        413,
        "Content Too Large",
        "body_too_large");
  }
}
