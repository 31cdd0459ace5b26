package io.github.tornadoserver.spring.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.httputil.HTTPConnection;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPServerRequest;
import io.github.tornadoserver.httputil.RequestContext;
import io.github.tornadoserver.httputil.RequestStartLine;
import io.github.tornadoserver.httputil.ResponseStartLine;
import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.testing.Loops;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How an {@link Exchange} ends when its connection closes, over a connection without sockets. */
class ExchangeTest {
  private IOLoop loop;
  private final Connection connection = new Connection();
  private final List<Integer> stopped = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startLoop() {
    loop = IOLoop.startInNewThread("exchange-loop", true);
  }

  @AfterEach
  void stopLoop() {
    Loops.stop(loop);
  }

  private Exchange exchange() {
    HTTPServerRequest request =
        new HTTPServerRequest(
            new RequestStartLine("GET", "/x", "HTTP/1.1"),
            new HTTPHeaders(),
            null,
            connection.context(),
            connection);
    return new Exchange(
        request,
        "/x",
        Map.of(),
        loop,
        (status, error) -> stopped.add(status),
        ExchangeServices.NONE);
  }

  @Test
  void anUnansweredExchangeEndsWhenItsConnectionCloses() {
    Loops.run(loop, () -> exchange().endWhenClosed(connection.closed));
    assertThat(stopped).isEmpty();
    Loops.run(loop, () -> connection.closed.complete(null));
    assertThat(stopped).containsExactly(0);
  }

  @Test
  void anExchangeAnsweredBeforeTheCloseEndsOnce() {
    Loops.run(
        loop,
        () -> {
          Exchange exchange = exchange();
          exchange.endWhenClosed(connection.closed);
          exchange.respond(204);
          connection.closed.complete(null);
        });
    assertThat(stopped).containsExactly(204);
  }

  @Test
  void aKeepAliveConnectionKeepsNoCallbackOfItsAnsweredExchanges() {
    Loops.run(
        loop,
        () -> {
          for (int i = 0; i < 1000; i++) {
            Exchange exchange = exchange();
            exchange.endWhenClosed(connection.closed);
            exchange.respond(204);
          }
        });
    assertThat(stopped).hasSize(1000);
    assertThat(connection.closed.getNumberOfDependents()).isZero();
  }

  /** Accepts every write at once; {@link #closed} is completed by the test. */
  private static final class Connection implements HTTPConnection {
    final CompletableFuture<Void> closed = new CompletableFuture<>();

    @Override
    public CompletableFuture<Void> writeHeaders(
        ResponseStartLine startLine, HTTPHeaders headers, ByteBuffer chunk) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> write(ByteBuffer chunk) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> finish() {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public IOStream detach() {
      throw new UnsupportedOperationException("no stream");
    }

    @Override
    public void setMaxBodySize(long maxBodySize) {}

    @Override
    public void setBodyTimeout(Duration bodyTimeout) {}

    @Override
    public RequestContext context() {
      return new RequestContext(
          new InetSocketAddress("127.0.0.1", 5555), "127.0.0.1", "http", List.of());
    }

    @Override
    public CompletionStage<Void> whenClosed() {
      return closed;
    }
  }
}
