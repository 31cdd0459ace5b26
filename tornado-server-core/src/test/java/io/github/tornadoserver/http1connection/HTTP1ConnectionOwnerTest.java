package io.github.tornadoserver.http1connection;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tornadoserver.httputil.HTTPConnection;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPMessageDelegate;
import io.github.tornadoserver.httputil.RequestStartLine;
import io.github.tornadoserver.httputil.ResponseStartLine;
import io.github.tornadoserver.iostream.IOStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The calls one request makes on its owner, seen by a fake owner over a real socket: their order
 * for an answered, a refused, a timed-out and a detached request, and what the request does with
 * the owner's answers.
 */
class HTTP1ConnectionOwnerTest {
  private static final String GET = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";

  private LoopbackConnection wire;
  private RecordingOwner owner;
  private HTTP1Connection connection;

  @BeforeEach
  void connect() throws IOException {
    wire = LoopbackConnection.open();
    owner = new RecordingOwner(wire.context);
  }

  @AfterEach
  void disconnect() throws IOException {
    wire.close();
  }

  private void readRequest(HTTP1ConnectionParameters params, Consumer<HTTPConnection> onFinish) {
    wire.onLoop(
        () -> {
          connection = new HTTP1Connection(wire.stream, params, wire.context, owner);
          connection.readRequest(delegate(connection, onFinish));
        });
  }

  private void readRequest(Consumer<HTTPConnection> onFinish) {
    readRequest(HTTP1ConnectionParameters.defaults(), onFinish);
  }

  private static HTTPMessageDelegate delegate(
      HTTPConnection connection, Consumer<HTTPConnection> onFinish) {
    return new HTTPMessageDelegate() {
      @Override
      public CompletionStage<?> headersReceived(RequestStartLine startLine, HTTPHeaders headers) {
        return null;
      }

      @Override
      public void finish() {
        onFinish.accept(connection);
      }
    };
  }

  private static void answerOk(HTTPConnection connection) {
    HTTPHeaders headers = new HTTPHeaders();
    headers.add("Content-Length", "2");
    connection.writeHeaders(
        ResponseStartLine.of(200), headers, ByteBuffer.wrap("ok".getBytes(ISO_8859_1)));
    connection.finish();
  }

  @Test
  void anAnsweredRequestMakesEachCallInOrderAndKeepsTheConnection() throws IOException {
    readRequest(HTTP1ConnectionOwnerTest::answerOk);
    wire.send(GET);

    assertThat(owner.awaitEnd()).isEqualTo("requestDone(true)");
    assertThat(owner.calls)
        .containsExactly(
            "armHeadDeadline",
            "disarmHeadDeadline",
            "markBusy",
            "keepAliveAllowed",
            "resolveContext",
            "requestDone(true)");
    assertThat(wire.readResponse()).startsWith("HTTP/1.1 200 OK\r\n").doesNotContain("close");
    assertThat(wire.onLoop(connection::phase)).isEqualTo(RequestPhase.DONE);
  }

  @Test
  void aHeadAlreadyBufferedArmsNoDeadline() throws IOException {
    readRequest(HTTP1ConnectionOwnerTest::answerOk);
    wire.send(GET + GET);
    assertThat(owner.awaitEnd()).isEqualTo("requestDone(true)");
    assertThat(wire.readResponse()).startsWith("HTTP/1.1 200 OK\r\n");

    RecordingOwner second = new RecordingOwner(wire.context);
    wire.onLoop(
        () -> {
          HTTP1Connection next =
              new HTTP1Connection(
                  wire.stream, HTTP1ConnectionParameters.defaults(), wire.context, second);
          next.readRequest(delegate(next, HTTP1ConnectionOwnerTest::answerOk));
        });

    assertThat(second.awaitEnd()).isEqualTo("requestDone(true)");
    assertThat(second.calls)
        .containsExactly(
            "disarmHeadDeadline",
            "markBusy",
            "keepAliveAllowed",
            "resolveContext",
            "requestDone(true)");
  }

  @Test
  void anOwnerThatRefusesKeepAliveGetsAClosingResponse() throws IOException {
    owner.keepAliveAllowed = false;
    readRequest(HTTP1ConnectionOwnerTest::answerOk);
    wire.send(GET);

    assertThat(owner.awaitEnd()).isEqualTo("requestDone(false)");
    assertThat(wire.readResponse()).contains("\r\nConnection: close\r\n");
  }

  @Test
  void anOversizedHeadIsCountedAnsweredAndLeftToTheLingeringClose() throws IOException {
    HTTP1ConnectionParameters small =
        new HTTP1ConnectionParameters(false, 1024, 64, Duration.ofMinutes(1), 1024, null, false, 0);
    readRequest(small, HTTP1ConnectionOwnerTest::answerOk);
    wire.send("GET / HTTP/1.1\r\nHost: a\r\nX-Long: " + "x".repeat(100) + "\r\n\r\n");

    assertThat(owner.awaitEnd()).isEqualTo("requestDone(false)");
    assertThat(owner.calls)
        .containsExactly(
            "armHeadDeadline",
            "disarmHeadDeadline",
            "countRejection(HEADER_TOO_LARGE)",
            "lingerAfterRejection",
            "requestDone(false)");
    assertThat(wire.readResponse()).startsWith("HTTP/1.1 431 ");
    assertThat(wire.closedByServer()).isTrue();
  }

  @Test
  void aHeadTimeoutIsCountedAndClosesTheStream() throws IOException {
    readRequest(HTTP1ConnectionOwnerTest::answerOk);
    wire.onLoop(() -> connection.headerTimedOut());

    assertThat(owner.awaitEnd()).isEqualTo("requestDone(false)");
    assertThat(owner.calls)
        .containsExactly(
            "armHeadDeadline",
            "countRejection(HEADER_TIMEOUT)",
            "disarmHeadDeadline",
            "requestDone(false)");
    assertThat(wire.closedByServer()).isTrue();
  }

  @Test
  void aDetachedRequestEndsWithDetachedAloneAndLeavesTheStreamOpen() throws IOException {
    readRequest(c -> {});
    wire.send(GET);
    owner.awaitBusy();

    IOStream stream = wire.onLoop(() -> connection.detach());

    assertThat(owner.awaitEnd()).isEqualTo("detached");
    assertThat(owner.calls).doesNotContain("requestDone(true)", "requestDone(false)");
    assertThat(stream).isSameAs(wire.stream);
    assertThat(wire.onLoop(stream::closed)).isFalse();
    assertThat(wire.onLoop(connection::phase)).isEqualTo(RequestPhase.DETACHED);
  }

  @Test
  void detachingARequestThatCompletedOnAnOpenConnectionThrows() throws IOException {
    readRequest(HTTP1ConnectionOwnerTest::answerOk);
    wire.send(GET);
    owner.awaitEnd();

    assertThatThrownBy(() -> wire.onLoop(() -> connection.detach()))
        .hasRootCauseInstanceOf(IllegalStateException.class)
        .rootCause()
        .hasMessage("request phase DONE cannot move to DETACHED");
    assertThat(owner.calls).doesNotContain("detached");
  }

  @Test
  void detachingAfterThePeerLeftReturnsTheClosedStreamAndTellsNoOne() throws IOException {
    readRequest(c -> {});
    wire.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc");
    owner.awaitBusy();
    wire.client.close();
    assertThat(owner.awaitEnd()).isEqualTo("requestDone(false)");

    IOStream stream = wire.onLoop(() -> connection.detach());

    assertThat(wire.onLoop(stream::closed)).isTrue();
    assertThat(owner.calls).doesNotContain("detached");
  }

  @Test
  void whenClosedIsTheOwners() {
    readRequest(c -> {});
    assertThat(wire.onLoop(() -> connection.whenClosed())).isSameAs(owner.closed);
  }
}
