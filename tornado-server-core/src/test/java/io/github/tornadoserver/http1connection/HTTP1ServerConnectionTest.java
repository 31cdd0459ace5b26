package io.github.tornadoserver.http1connection;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.httputil.HTTPConnection;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPMessageDelegate;
import io.github.tornadoserver.httputil.RequestStartLine;
import io.github.tornadoserver.httputil.ResponseStartLine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A connection's states over a real socket, and {@link HTTPConnection#whenClosed()}: it completes
 * on the loop thread when the connection ends, whether the client leaves mid-request or after the
 * response or the server closes, and at once when asked after the end.
 */
class HTTP1ServerConnectionTest {
  private static final String GET = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";

  private LoopbackConnection wire;
  private HTTP1ServerConnection server;

  /** The request's connection, once its head arrived. */
  private final CompletableFuture<HTTPConnection> headSeen = new CompletableFuture<>();

  private final CompletableFuture<Void> connectionClosedSeen = new CompletableFuture<>();

  /** Whether the handler answers in {@code finish}, and with which {@code Connection} value. */
  private boolean answer = true;

  private String connectionHeader;

  @BeforeEach
  void connect() throws IOException {
    wire = LoopbackConnection.open();
  }

  @AfterEach
  void disconnect() throws IOException {
    wire.close();
  }

  private void serve() {
    server =
        wire.onLoop(
            () ->
                new HTTP1ServerConnection(
                    wire.stream, HTTP1ConnectionParameters.defaults(), wire.context, null));
    wire.onLoop(() -> server.startServing(this::startRequest));
  }

  private HTTPMessageDelegate startRequest(Object serverConnection, HTTPConnection connection) {
    return new HTTPMessageDelegate() {
      @Override
      public CompletionStage<?> headersReceived(RequestStartLine startLine, HTTPHeaders headers) {
        headSeen.complete(connection);
        return null;
      }

      @Override
      public void finish() {
        if (answer) {
          answerOk(connection);
        }
      }

      @Override
      public void onConnectionClose() {
        connectionClosedSeen.complete(null);
      }
    };
  }

  private void answerOk(HTTPConnection connection) {
    HTTPHeaders headers = new HTTPHeaders();
    headers.add("Content-Length", "2");
    if (connectionHeader != null) {
      headers.add("Connection", connectionHeader);
    }
    connection.writeHeaders(
        ResponseStartLine.of(200), headers, ByteBuffer.wrap("ok".getBytes(ISO_8859_1)));
    connection.finish();
  }

  private static <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(what + " did not happen within 5 s", e);
    }
  }

  private CompletableFuture<Void> whenClosed(HTTPConnection connection) {
    return wire.onLoop(() -> connection.whenClosed().toCompletableFuture());
  }

  private boolean closedNow(HTTPConnection connection) {
    return wire.onLoop(() -> connection.whenClosed().toCompletableFuture().isDone());
  }

  @Test
  void whenClosedCompletesWhenTheClientLeavesMidRequest() throws IOException {
    answer = false;
    serve();
    wire.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc");
    HTTPConnection connection = await(headSeen, "the head");
    CompletableFuture<Void> closed = whenClosed(connection);
    assertThat(closedNow(connection)).isFalse();

    wire.client.close();

    await(closed, "whenClosed");
    await(connectionClosedSeen, "onConnectionClose");
    assertThat(wire.onLoop(server::state)).isEqualTo(ConnectionState.CLOSED);
  }

  @Test
  void whenClosedCompletesWhenTheClientLeavesAfterTheResponse() throws IOException {
    serve();
    wire.send(GET);
    HTTPConnection connection = await(headSeen, "the head");
    assertThat(wire.readResponse()).startsWith("HTTP/1.1 200 OK");
    assertThat(wire.onLoop(server::state)).isEqualTo(ConnectionState.IDLE);
    assertThat(closedNow(connection)).as("kept alive").isFalse();

    CompletableFuture<Void> closed = whenClosed(connection);
    wire.client.close();

    await(closed, "whenClosed");
    assertThat(connectionClosedSeen).isNotDone();
  }

  @Test
  void whenClosedCompletesWhenTheServerClosesAfterItsResponse() throws IOException {
    connectionHeader = "close";
    serve();
    wire.send(GET);
    HTTPConnection connection = await(headSeen, "the head");

    assertThat(wire.readResponse()).contains("\r\nConnection: close\r\n");
    assertThat(wire.closedByServer()).isTrue();
    await(whenClosed(connection), "whenClosed");
  }

  @Test
  void whenClosedCompletesWhenTheServerClosesMidRequest() throws IOException {
    answer = false;
    serve();
    wire.send(GET);
    HTTPConnection connection = await(headSeen, "the head");
    CompletableFuture<Void> closed = whenClosed(connection);

    wire.onLoop(() -> server.close());

    await(closed, "whenClosed");
    assertThat(wire.closedByServer()).isTrue();
  }

  @Test
  void whenClosedOfAnEndedConnectionIsCompleteAtOnce() throws IOException {
    connectionHeader = "close";
    serve();
    wire.send(GET);
    HTTPConnection connection = await(headSeen, "the head");
    await(wire.onLoop(() -> server.whenClosed()), "the end of the connection");

    assertThat(closedNow(connection)).isTrue();
  }

  @Test
  void whenClosedCompletesOnTheLoopThread() throws IOException {
    answer = false;
    serve();
    wire.send(GET);
    HTTPConnection connection = await(headSeen, "the head");
    CompletableFuture<Thread> completedOn = new CompletableFuture<>();
    wire.onLoop(
        () -> connection.whenClosed().thenRun(() -> completedOn.complete(Thread.currentThread())));

    wire.client.close();

    assertThat(await(completedOn, "whenClosed")).isSameAs(wire.loop.thread());
  }

  @Test
  void whenClosedCompletesWhenAHandlerDetachesTheStream() {
    answer = false;
    serve();
    sendQuietly(GET);
    HTTPConnection connection = await(headSeen, "the head");

    wire.onLoop(connection::detach);

    await(whenClosed(connection), "whenClosed");
    assertThat(wire.onLoop(wire.stream::closed)).isFalse();
  }

  @Test
  void aBusyConnectionAskedToCloseWhenIdleAnswersWithCloseThenCloses() throws IOException {
    answer = false;
    serve();
    assertThat(wire.onLoop(server::state)).isEqualTo(ConnectionState.IDLE);
    wire.send(GET);
    HTTPConnection connection = await(headSeen, "the head");
    assertThat(wire.onLoop(server::state)).isEqualTo(ConnectionState.BUSY);

    wire.onLoop(() -> server.closeWhenIdle());
    assertThat(wire.onLoop(server::state)).isEqualTo(ConnectionState.CLOSING);
    wire.onLoop(() -> answerOk(connection));

    assertThat(wire.readResponse()).contains("\r\nConnection: close\r\n");
    assertThat(wire.closedByServer()).isTrue();
    assertThat(wire.onLoop(server::state)).isEqualTo(ConnectionState.CLOSED);
  }

  @Test
  void anIdleConnectionAskedToCloseWhenIdleClosesAtOnce() throws IOException {
    serve();
    wire.onLoop(() -> server.closeWhenIdle());

    assertThat(wire.closedByServer()).isTrue();
    assertThat(wire.onLoop(server::state)).isEqualTo(ConnectionState.CLOSED);
  }

  private void sendQuietly(String text) {
    try {
      wire.send(text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
