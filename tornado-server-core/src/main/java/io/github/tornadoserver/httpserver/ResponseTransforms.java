package io.github.tornadoserver.httpserver;

import io.github.tornadoserver.httputil.HTTPConnection;
import io.github.tornadoserver.httputil.HTTPMessageDelegate;
import io.github.tornadoserver.httputil.HTTPServerConnectionDelegate;

/**
 * Puts the server's response transforms, compression and the access log, between the connection and
 * the application's delegate: each request's handler answers through a {@link TransformedRequest}.
 * With both off the application's delegate is used as it is, so a server without them does no work
 * for them.
 *
 * <p>Threading: as the delegate it wraps, on each connection's loop.
 */
final class ResponseTransforms implements HTTPServerConnectionDelegate {
  private final HTTPServerConnectionDelegate delegate;
  private final Compression compression;
  private final AccessLog accessLog;

  private ResponseTransforms(
      HTTPServerConnectionDelegate delegate, Compression compression, AccessLog accessLog) {
    this.delegate = delegate;
    this.compression = compression;
    this.accessLog = accessLog;
  }

  /** {@code delegate} itself when both transforms are off, else {@code delegate} behind them. */
  static HTTPServerConnectionDelegate around(
      HTTPServerConnectionDelegate delegate, Compression compression, AccessLog accessLog) {
    if (!compression.enabled() && !accessLog.enabled()) {
      return delegate;
    }
    return new ResponseTransforms(delegate, compression, accessLog);
  }

  @Override
  public HTTPMessageDelegate startRequest(Object serverConnection, HTTPConnection connection) {
    TransformedRequest request =
        new TransformedRequest(
            connection,
            compression.enabled() ? compression : null,
            accessLog.enabled() ? accessLog.format() : null);
    return request.events(delegate.startRequest(serverConnection, request));
  }

  @Override
  public void onClose(Object serverConnection) {
    delegate.onClose(serverConnection);
  }
}
