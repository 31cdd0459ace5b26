package io.github.tornadoserver.http1connection;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPOutputException;
import io.github.tornadoserver.httputil.ResponseStartLine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ResponseWriter} through its {@link ResponsePhase}s: what each phase allows, what a refusal
 * and a short body do to it, and the outgoing {@code Content-Length} it accepts.
 */
class ResponseWriterPhaseTest {
  private LoopbackConnection wire;
  private ResponseWriter writer;

  @BeforeEach
  void connect() throws Exception {
    wire = LoopbackConnection.open();
    RequestHead get = RequestHead.parse("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(ISO_8859_1));
    writer = wire.onLoop(() -> new ResponseWriter(wire.stream));
    wire.onLoop(() -> writer.start(get, true));
  }

  @AfterEach
  void disconnect() throws IOException {
    wire.close();
  }

  private static HTTPHeaders length(String value) {
    HTTPHeaders headers = new HTTPHeaders();
    headers.add("Content-Length", value);
    return headers;
  }

  private CompletableFuture<Void> writeHeaders(HTTPHeaders headers) {
    return wire.onLoop(() -> writer.writeHeaders(ResponseStartLine.of(200), headers, null, false));
  }

  private CompletableFuture<Void> write(String body) {
    return wire.onLoop(() -> writer.write(ByteBuffer.wrap(body.getBytes(ISO_8859_1))));
  }

  private static Throwable rootOf(Runnable action) {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    try {
      action.run();
    } catch (AssertionError e) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      thrown.set(cause);
    }
    return thrown.get();
  }

  @Test
  void bodyWritesAndFinishBeforeTheHeadThrowNamingThePhase() {
    assertThat(rootOf(() -> write("x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("write in response phase IDLE (expected: HEADERS_WRITTEN)");
    assertThat(rootOf(() -> wire.onLoop(() -> writer.finish())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("finish in response phase IDLE (expected: HEADERS_WRITTEN)");
  }

  @Test
  void aSecondHeadThrowsNamingBothPhases() {
    writeHeaders(length("0"));

    assertThat(rootOf(() -> writeHeaders(length("0"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("response phase HEADERS_WRITTEN cannot move to HEADERS_WRITTEN");
  }

  @Test
  void aWriteAfterFinishThrowsAndASecondFinishReturnsTheFirstResult() {
    writeHeaders(length("0"));
    CompletableFuture<Void> first = wire.onLoop(() -> writer.finish());

    assertThat(wire.onLoop(() -> writer.finish())).isSameAs(first);
    assertThat(rootOf(() -> write("x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("write in response phase FINISHED (expected: HEADERS_WRITTEN)");
    assertThat(wire.onLoop(writer::phase)).isEqualTo(ResponsePhase.FINISHED);
  }

  @Test
  void theEndIsToldOnceWhenTheHandlerFinishes() throws IOException {
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    wire.onLoop(() -> writer.whenEnded(ended::complete));
    writeHeaders(length("2"));
    write("ok");
    assertThat(ended).isNotDone();

    wire.onLoop(() -> writer.finish());

    assertThat(ended).isCompletedWithValue(null);
    assertThat(wire.onLoop(writer::keepAlive)).isTrue();
    assertThat(wire.readResponse()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nok");
  }

  @Test
  void aShortBodyEndsTheResponseWithTheFailureAndNoKeepAlive() {
    writeHeaders(length("5"));
    write("ok");
    CompletableFuture<Void> finished = wire.onLoop(() -> writer.finish());

    assertThatThrownBy(() -> finished.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(HTTPOutputException.class)
        .hasMessageContaining("3 bytes less than Content-Length (5)");
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    wire.onLoop(() -> writer.whenEnded(ended::complete));
    assertThat(ended.getNow(null)).isInstanceOf(HTTPOutputException.class);
    assertThat(wire.onLoop(writer::keepAlive)).isFalse();
  }

  @Test
  void aRefusalGoesFromIdleToFinishedAndClosesAfterIt() throws IOException {
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    wire.onLoop(() -> writer.whenEnded(ended::complete));

    wire.onLoop(() -> writer.writeRejection(413, null));

    assertThat(wire.onLoop(writer::phase)).isEqualTo(ResponsePhase.FINISHED);
    assertThat(ended).isCompletedWithValue(null);
    assertThat(wire.onLoop(writer::keepAlive)).isFalse();
    assertThat(wire.readResponse()).startsWith("HTTP/1.1 413 ").contains("Connection: close");
  }

  @ParameterizedTest
  @ValueSource(strings = {"+10", "-1", "foo", "", "1 0", "0x10", "١٠", "99999999999999999999"})
  void anOutgoingContentLengthOtherThanDigitsIsRefusedAndNothingIsWritten(String value) {
    assertThat(rootOf(() -> writeHeaders(length(value))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Content-Length: " + value + " (expected: digits)");
    assertThat(wire.onLoop(writer::phase)).isEqualTo(ResponsePhase.IDLE);
  }

  @Test
  void differingOutgoingContentLengthsAreRefusedAndNothingIsWritten() {
    HTTPHeaders headers = length("5");
    headers.add("Content-Length", "6");
    assertThat(rootOf(() -> writeHeaders(headers)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Content-Length: 5, 6 (expected: one length)");
    assertThat(wire.onLoop(writer::phase)).isEqualTo(ResponsePhase.IDLE);
  }

  @Test
  void aRepeatedOutgoingContentLengthOfOneValueIsSent() throws IOException {
    HTTPHeaders headers = length("2");
    headers.add("Content-Length", " 2");
    writeHeaders(headers);
    write("ok");
    wire.onLoop(() -> writer.finish());
    assertThat(wire.readResponse()).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\nok");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2", " 2 ", "002"})
  void anOutgoingContentLengthOfDigitsIsSent(String value) throws IOException {
    writeHeaders(length(value));
    write("ok");
    wire.onLoop(() -> writer.finish());

    assertThat(wire.readResponse()).endsWith("\r\n\r\nok");
  }
}
