package io.github.tornadoserver.http1connection;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.httputil.RejectionBody;
import io.github.tornadoserver.testing.LogCapture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One request after another on a connection over a memory stream, no socket: bodies framed by
 * Content-Length, pipelining, keep-alive, {@code Expect: 100-continue} and body limits, each whole
 * and in pieces of 1, 2 and 7 bytes.
 */
class HTTP1ConnectionTest extends MemoryConnectionTestSupport {
  private static final String OK_HEAD = "HTTP/1.1 200 OK\r\nContent-Length: ";

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void aPostWithContentLengthDeliversExactlyItsBody(int piece) {
    MemoryConnection connection = connect(piece);
    connection.send("POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world");
    assertThat(connection.untilWritten("HTTP/1.1 200", 1))
        .isEqualTo(OK_HEAD + "22\r\nDate: *\r\n\r\nPOST /form hello world");
    assertThat(connection.events).containsExactly("head POST /form HTTP/1.1", "finish hello world");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void pipelinedRequestsAreAnsweredInOrder(int piece) {
    MemoryConnection connection = connect(piece);
    connection.send(
        "GET /1 HTTP/1.1\r\nHost: x\r\n\r\n"
            + "POST /2 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
            + "GET /3 HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(connection.untilWritten("HTTP/1.1 200", 3))
        .isEqualTo(
            OK_HEAD
                + "7\r\nDate: *\r\n\r\nGET /1 "
                + OK_HEAD
                + "11\r\nDate: *\r\n\r\nPOST /2 abc"
                + OK_HEAD
                + "7\r\nDate: *\r\n\r\nGET /3 ");
    assertThat(connection.events)
        .containsExactly(
            "head GET /1 HTTP/1.1",
            "finish ",
            "head POST /2 HTTP/1.1",
            "finish abc",
            "head GET /3 HTTP/1.1",
            "finish ");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void aKeepAliveConnectionServesTheNextRequestAfterTheFirstAnswer(int piece) {
    MemoryConnection connection = connect(piece);
    connection.send("GET /first HTTP/1.1\r\nHost: x\r\n\r\n");
    connection.untilWritten("HTTP/1.1 200", 1);
    connection.send("GET /second HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(connection.untilClosed())
        .isEqualTo(
            OK_HEAD
                + "11\r\nDate: *\r\n\r\nGET /first "
                + OK_HEAD
                + "12\r\nConnection: close\r\nDate: *\r\n\r\nGET /second ");
    assertThat(connection.server.whenClosed()).isDone();
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void expectContinueIsAnsweredBeforeTheBodyIsRead(int piece) {
    MemoryConnection connection = connect(piece);
    connection.send(
        "PUT /f HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
    assertThat(connection.untilWritten("HTTP/1.1 100 Continue", 1))
        .isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
    connection.send("data");
    assertThat(connection.untilWritten("HTTP/1.1 200", 1))
        .isEqualTo("HTTP/1.1 100 Continue\r\n\r\n" + OK_HEAD + "11\r\nDate: *\r\n\r\nPUT /f data");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void aContentLengthOverMaxBodySizeIsRefused413BeforeTheBody(int piece) {
    MemoryConnection connection = connect(piece, MemoryConnection.smallLimits());
    assertRefused(
        connection,
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n",
        413,
        "Content Too Large",
        "body_too_large");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void aRefusalCarriesTheBodyTheDelegateGivesIt(int piece) {
    LogCapture.expect("tornado.general", Level.INFO, "Refused request");
    MemoryConnection connection = connect(piece, MemoryConnection.smallLimits());
    connection.refusalBody = new RejectionBody("text/plain", "too big".getBytes(ISO_8859_1));
    connection.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n");
    assertThat(connection.untilClosed())
        .isEqualTo(
            "HTTP/1.1 413 Content Too Large\r\nConnection: close\r\nContent-Type: text/plain\r\n"
                + "Content-Length: 7\r\nDate: *\r\n\r\ntoo big");
    assertThat(connection.refusalsSeen).containsExactly("413 body_too_large");
    assertThat(connection.events).containsExactly("head POST / HTTP/1.1", "close");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void aHeadTooLargeIsRefusedWithTheDelegatesBodyThoughItNeverSawTheHead(int piece) {
    LogCapture.expect("tornado.general", Level.INFO, "Refused request");
    MemoryConnection connection = connect(piece, MemoryConnection.smallLimits());
    connection.refusalBody = new RejectionBody("text/plain", "long".getBytes(ISO_8859_1));
    connection.send("GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + "a".repeat(1100) + "\r\n\r\n");
    assertThat(connection.untilClosed()).endsWith("Content-Length: 4\r\nDate: *\r\n\r\nlong");
    assertThat(connection.refusalsSeen).containsExactly("431 header_too_large");
    assertThat(connection.events).isEmpty();
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void theRefusalOfAHeadRequestHasNoBodyAndDoesNotAskTheDelegate(int piece) {
    MemoryConnection connection = connect(piece, MemoryConnection.smallLimits());
    connection.refusalBody = new RejectionBody("text/plain", "too big".getBytes(ISO_8859_1));
    assertRefused(
        connection,
        "HEAD / HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n",
        413,
        "Content Too Large",
        "body_too_large");
    assertThat(connection.refusalsSeen).isEmpty();
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void aPeerLeavingMidBodyIsReportedToTheDelegateOnce(int piece) {
    MemoryConnection connection = connect(piece);
    connection.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
    connection.pair.peer().close();
    assertThat(connection.untilClosed()).isEmpty();
    assertThat(connection.events).containsExactly("head POST / HTTP/1.1", "close");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void bodyChunksNeverExceedChunkSize(int piece) {
    MemoryConnection connection = connect(piece, MemoryConnection.smallLimits());
    connection.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\n\r\n" + "b".repeat(40));
    connection.untilWritten("HTTP/1.1 200", 1);
    assertThat(connection.largestChunk).isBetween(1, 16);
    assertThat(connection.events)
        .containsExactly("head POST / HTTP/1.1", "finish " + "b".repeat(40));
  }
}
