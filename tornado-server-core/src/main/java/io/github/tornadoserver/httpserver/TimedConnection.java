package io.github.tornadoserver.httpserver;

import io.github.tornadoserver.httputil.HTTPConnection;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPServerRequest;
import io.github.tornadoserver.httputil.RequestContext;
import io.github.tornadoserver.httputil.ResponseStartLine;
import io.github.tornadoserver.iostream.IOStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.net.ssl.SSLSession;

/**
 * The connection a whole-request callback answers on: the connection itself, except that finishing
 * the response stops the request's clock ({@link HTTPServerRequest#markFinished()}), so that {@link
 * HTTPServerRequest#requestTime()} measures until the answer was complete, as in Tornado.
 */
final class TimedConnection implements HTTPConnection {
  private final HTTPConnection connection;
  private HTTPServerRequest request;

  TimedConnection(HTTPConnection connection) {
    this.connection = connection;
  }

  void timing(HTTPServerRequest timed) {
    this.request = timed;
  }

  @Override
  public CompletableFuture<Void> writeHeaders(
      ResponseStartLine startLine, HTTPHeaders headers, ByteBuffer chunk) {
    return connection.writeHeaders(startLine, headers, chunk);
  }

  @Override
  public CompletableFuture<Void> write(ByteBuffer chunk) {
    return connection.write(chunk);
  }

  @Override
  public CompletableFuture<Void> finish() {
    CompletableFuture<Void> finished = connection.finish();
    if (request != null) {
      request.markFinished();
    }
    return finished;
  }

  @Override
  public IOStream detach() {
    return connection.detach();
  }

  @Override
  public void setMaxBodySize(long maxBodySize) {
    connection.setMaxBodySize(maxBodySize);
  }

  @Override
  public void setBodyTimeout(Duration bodyTimeout) {
    connection.setBodyTimeout(bodyTimeout);
  }

  @Override
  public RequestContext context() {
    return connection.context();
  }

  @Override
  public Optional<SSLSession> sslSession() {
    return connection.sslSession();
  }

  @Override
  public CompletionStage<Void> whenClosed() {
    return connection.whenClosed();
  }
}
