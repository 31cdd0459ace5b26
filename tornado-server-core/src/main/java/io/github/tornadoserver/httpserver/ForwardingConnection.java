package io.github.tornadoserver.httpserver;

import io.github.tornadoserver.httputil.HTTPConnection;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.RequestContext;
import io.github.tornadoserver.httputil.ResponseStartLine;
import io.github.tornadoserver.iostream.IOStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.net.ssl.SSLSession;

/**
 * A connection that passes every call to the one it wraps: a subclass overrides only what it
 * changes, and a method added to {@link HTTPConnection} reaches the real connection through every
 * wrapper at once. {@link HTTPConnection#respond} is the exception: it keeps the interface's
 * default, made of {@code writeHeaders} and {@code finish}, so that a subclass that changes those
 * (compression, the access log) sees a whole response pass too; a subclass may forward it.
 */
abstract class ForwardingConnection implements HTTPConnection {
  /** The connection every call goes to unless a subclass changes it. */
  protected final HTTPConnection connection;

  ForwardingConnection(HTTPConnection connection) {
    this.connection = connection;
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
    return connection.finish();
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
  public SocketAddress localAddress() {
    return connection.localAddress();
  }

  @Override
  public CompletionStage<Void> whenClosed() {
    return connection.whenClosed();
  }
}
