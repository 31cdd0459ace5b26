package io.github.tornadoserver.httpserver;

import io.github.tornadoserver.httputil.HTTPConnection;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPServerRequest;
import io.github.tornadoserver.httputil.ResponseStartLine;
import java.util.concurrent.CompletableFuture;

/**
 * The connection a whole-request callback answers on: the connection itself, except that finishing
 * the response stops the request's clock ({@link HTTPServerRequest#markFinished()}), so that {@link
 * HTTPServerRequest#requestTime()} measures until the answer was complete, as in Tornado.
 */
final class TimedConnection extends ForwardingConnection {
  private HTTPServerRequest request;

  TimedConnection(HTTPConnection connection) {
    super(connection);
  }

  void timing(HTTPServerRequest timed) {
    this.request = timed;
  }

  @Override
  public CompletableFuture<Void> finish() {
    CompletableFuture<Void> finished = connection.finish();
    if (request != null) {
      request.markFinished();
    }
    return finished;
  }

  /** The connection's own whole response (no copy of the headers), then the clock stops. */
  @Override
  public CompletableFuture<Void> respond(
      ResponseStartLine startLine, HTTPHeaders headers, byte[] body) {
    CompletableFuture<Void> finished = connection.respond(startLine, headers, body);
    if (request != null) {
      request.markFinished();
    }
    return finished;
  }
}
