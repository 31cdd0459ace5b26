package io.github.tornadoserver.httpserver;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.github.tornadoserver.httputil.HTTPConnection;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPMessageDelegate;
import io.github.tornadoserver.httputil.HTTPServerConnectionDelegate;
import io.github.tornadoserver.httputil.RequestStartLine;
import io.github.tornadoserver.httputil.ResponseStartLine;
import io.github.tornadoserver.ioloop.IOLoop;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Request delegates for tests. */
final class TestHandlers {
  private TestHandlers() {}

  /**
   * Answers {@code <method> <uri> <body>} with a Content-Length; a {@code delay} query parameter
   * (milliseconds) delays the answer on the loop.
   */
  static HTTPServerConnectionDelegate echo() {
    return (server, connection) -> new Echo(connection);
  }

  static final class Echo implements HTTPMessageDelegate {
    private final HTTPConnection connection;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private RequestStartLine start;

    Echo(HTTPConnection connection) {
      this.connection = connection;
    }

    @Override
    public CompletionStage<?> headersReceived(RequestStartLine startLine, HTTPHeaders headers) {
      this.start = startLine;
      return null;
    }

    @Override
    public CompletionStage<?> dataReceived(ByteBuffer chunk) {
      byte[] bytes = new byte[chunk.remaining()];
      chunk.get(bytes);
      body.write(bytes, 0, bytes.length);
      return null;
    }

    @Override
    public void finish() {
      String uri = start.uri();
      int delay =
          uri.contains("delay=") ? Integer.parseInt(uri.replaceAll(".*delay=(\\d+).*", "$1")) : 0;
      if (delay > 0) {
        IOLoop.current().callLater(Duration.ofMillis(delay), this::answer);
      } else {
        answer();
      }
    }

    private void answer() {
      byte[] text =
          (start.method() + " " + start.uri() + " " + body.toString(ISO_8859_1))
              .getBytes(ISO_8859_1);
      HTTPHeaders headers = new HTTPHeaders();
      headers.add("Content-Type", "text/plain");
      headers.add("Content-Length", String.valueOf(text.length));
      connection.writeHeaders(ResponseStartLine.of(200), headers, ByteBuffer.wrap(text));
      connection.finish();
    }
  }

  /** Streams {@code n} chunks of {@code "chunk<i>;"} with no Content-Length. */
  static HTTPServerConnectionDelegate streaming(int n) {
    return onFinish(
        connection -> {
          connection.writeHeaders(ResponseStartLine.of(200), new HTTPHeaders(), null);
          for (int i = 0; i < n; i++) {
            connection.write(ByteBuffer.wrap(("chunk" + i + ";").getBytes(ISO_8859_1)));
          }
          connection.finish();
        });
  }

  /** Ignores the request head and body, and answers through {@code answer} once it was read. */
  static HTTPServerConnectionDelegate onFinish(java.util.function.Consumer<HTTPConnection> answer) {
    return (server, connection) ->
        new HTTPMessageDelegate() {
          @Override
          public CompletionStage<?> headersReceived(
              RequestStartLine startLine, HTTPHeaders headers) {
            return null;
          }

          @Override
          public void finish() {
            answer.accept(connection);
          }
        };
  }
}
