package io.github.tornadoserver.httpserver;

import io.github.tornadoserver.httputil.HTTPConnection;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPMessageDelegate;
import io.github.tornadoserver.httputil.HTTPServerConnectionDelegate;
import io.github.tornadoserver.httputil.HTTPServerRequest;
import io.github.tornadoserver.httputil.RequestStartLine;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Tornado's plain {@code request_callback}: the body is gathered (bounded by {@code maxBodySize})
 * and the callback gets a whole {@link HTTPServerRequest}, which it answers through {@code
 * request.respond(...)} or {@code request.connection()}.
 */
final class RequestCallbackAdapter implements HTTPServerConnectionDelegate {
  private final Consumer<HTTPServerRequest> callback;

  RequestCallbackAdapter(Consumer<HTTPServerRequest> callback) {
    this.callback = callback;
  }

  @Override
  public HTTPMessageDelegate startRequest(Object serverConnection, HTTPConnection connection) {
    return new Gathering(connection);
  }

  private final class Gathering implements HTTPMessageDelegate {
    private final HTTPConnection connection;
    private RequestStartLine startLine;
    private HTTPHeaders headers;
    private ByteArrayOutputStream body;

    Gathering(HTTPConnection connection) {
      this.connection = connection;
    }

    @Override
    public CompletionStage<?> headersReceived(RequestStartLine line, HTTPHeaders fields) {
      this.startLine = line;
      this.headers = fields;
      return null;
    }

    @Override
    public CompletionStage<?> dataReceived(ByteBuffer chunk) {
      if (body == null) {
        body = new ByteArrayOutputStream(Math.max(32, chunk.remaining()));
      }
      byte[] bytes = new byte[chunk.remaining()];
      chunk.get(bytes);
      body.write(bytes, 0, bytes.length);
      return null;
    }

    @Override
    public void finish() {
      byte[] bytes = body == null ? new byte[0] : body.toByteArray();
      TimedConnection timed = new TimedConnection(connection);
      HTTPServerRequest request =
          new HTTPServerRequest(startLine, headers, bytes, connection.context(), timed);
      timed.timing(request);
      callback.accept(request);
    }
  }
}
