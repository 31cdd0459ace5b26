package io.github.tornadoserver.httpserver;

import io.github.tornadoserver.httputil.HTTPConnection;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPMessageDelegate;
import io.github.tornadoserver.httputil.RejectionBody;
import io.github.tornadoserver.httputil.RejectionReason;
import io.github.tornadoserver.httputil.RequestStartLine;
import io.github.tornadoserver.httputil.ResponseStartLine;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One request seen by the response transforms: the request's events pass through to the
 * application's handler, recording what compression and the access log need (method, headers, start
 * time), and the handler's response passes through to the connection, gzipped when {@link
 * ContentCoding} says so and counted for the access log.
 *
 * <p>A gzipped response whose whole body comes with its head ({@code Content-Length} equal to the
 * first chunk) is compressed at once and keeps a {@code Content-Length}, the compressed one; any
 * other loses its {@code Content-Length} and is compressed write by write, each flushed, the gzip
 * trailer going out at {@link #finish}. Such a response's {@code Content-Length} is then no longer
 * checked against what the handler wrote. A response left unfinished (its connection closed) frees
 * its deflater when it is collected.
 *
 * <p>Loop thread only, as {@link HTTPConnection}.
 */
final class TransformedRequest extends ForwardingConnection {
  private final Compression compression;
  private final AccessLog.Format logFormat;
  private RequestStartLine startLine;
  private HTTPHeaders requestHeaders;
  private long startNanos;
  private int status;
  private long bytesSent;
  private GzipEncoder encoder;
  private boolean finished;

  /**
   * @param compression the compression rules, or null for none
   * @param logFormat the access log's format, or null for no access log
   */
  TransformedRequest(
      HTTPConnection connection, Compression compression, AccessLog.Format logFormat) {
    super(connection);
    this.compression = compression;
    this.logFormat = logFormat;
  }

  /** The request's events for the connection: recorded here, then passed to {@code handler}. */
  HTTPMessageDelegate events(HTTPMessageDelegate handler) {
    return new Events(handler);
  }

  // ---------------------------------------------------------------- the request, to the handler

  private final class Events implements HTTPMessageDelegate {
    private final HTTPMessageDelegate handler;

    Events(HTTPMessageDelegate handler) {
      this.handler = handler;
    }

    @Override
    public CompletionStage<?> headersReceived(RequestStartLine line, HTTPHeaders headers) {
      startLine = line;
      requestHeaders = headers;
      if (logFormat != null) {
        startNanos = System.nanoTime();
      }
      return handler.headersReceived(line, headers);
    }

    @Override
    public CompletionStage<?> dataReceived(ByteBuffer chunk) {
      return handler.dataReceived(chunk);
    }

    @Override
    public void finish() {
      handler.finish();
    }

    @Override
    public void onConnectionClose() {
      handler.onConnectionClose();
    }

    @Override
    public RejectionBody rejected(int status, RejectionReason reason) {
      return handler.rejected(status, reason);
    }
  }

  // ---------------------------------------------------------------- the response, to the client

  @Override
  public CompletableFuture<Void> writeHeaders(
      ResponseStartLine line, HTTPHeaders headers, ByteBuffer chunk) {
    status = line.code();
    if (compression == null || startLine == null) {
      return sent(remaining(chunk), connection.writeHeaders(line, headers, chunk));
    }
    long declared = declaredLength(headers);
    ContentCoding.Choice choice =
        declared < -1
            ? ContentCoding.Choice.IDENTITY // a bad Content-Length: the connection refuses it
            : ContentCoding.choose(
                compression, startLine.method(), requestHeaders, status, headers, declared);
    if (choice == ContentCoding.Choice.IDENTITY) {
      return sent(remaining(chunk), connection.writeHeaders(line, headers, chunk));
    }
    HTTPHeaders out = headers.copy();
    ContentCoding.addVary(out);
    if (choice == ContentCoding.Choice.VARY_ONLY) {
      return sent(remaining(chunk), connection.writeHeaders(line, out, chunk));
    }
    return writeGzippedHeaders(line, out, chunk, declared);
  }

  private CompletableFuture<Void> writeGzippedHeaders(
      ResponseStartLine line, HTTPHeaders out, ByteBuffer chunk, long declared) {
    out.set("Content-Encoding", "gzip");
    GzipEncoder gzip = new GzipEncoder(compression.level());
    if (chunk != null && declared >= 0 && chunk.remaining() == declared) {
      byte[] whole = gzip.encodeWhole(chunk);
      out.set("Content-Length", Integer.toString(whole.length));
      return sent(whole.length, connection.writeHeaders(line, out, ByteBuffer.wrap(whole)));
    }
    out.remove("Content-Length");
    encoder = gzip;
    if (chunk == null || !chunk.hasRemaining()) {
      return connection.writeHeaders(line, out, null);
    }
    byte[] first = gzip.encode(chunk);
    return sent(first.length, connection.writeHeaders(line, out, ByteBuffer.wrap(first)));
  }

  @Override
  public CompletableFuture<Void> write(ByteBuffer chunk) {
    if (encoder == null || !chunk.hasRemaining()) {
      return sent(chunk.remaining(), connection.write(chunk));
    }
    byte[] compressed = encoder.encode(chunk);
    return sent(compressed.length, connection.write(ByteBuffer.wrap(compressed)));
  }

  @Override
  public CompletableFuture<Void> finish() {
    if (finished) {
      return connection.finish(); // the first call's future, as the connection gives it again
    }
    finished = true;
    if (encoder != null) {
      byte[] tail = encoder.finish();
      encoder = null;
      sent(tail.length, connection.write(ByteBuffer.wrap(tail)));
    }
    CompletableFuture<Void> finished = connection.finish();
    if (logFormat != null && startLine != null) {
      AccessLogLine.log(
          logFormat,
          new AccessLogLine.Entry(
              startLine,
              requestHeaders,
              connection.context().remoteIp(),
              status,
              bytesSent,
              System.nanoTime() - startNanos));
    }
    return finished;
  }

  /**
   * Counts {@code bytes} as sent. Called as {@code sent(chunk.remaining(), write(chunk))}: Java
   * evaluates the arguments in order, so the size is read before the write consumes the chunk.
   */
  private CompletableFuture<Void> sent(long bytes, CompletableFuture<Void> write) {
    bytesSent += bytes;
    return write;
  }

  private static int remaining(ByteBuffer chunk) {
    return chunk == null ? 0 : chunk.remaining();
  }

  /** The response's {@code Content-Length}: -1 without one, -2 when it is not digits. */
  private static long declaredLength(HTTPHeaders headers) {
    String value = headers.getFirst("Content-Length");
    if (value == null) {
      return -1;
    }
    String digits = value.trim();
    if (digits.isEmpty()
        || digits.length() > 18
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -2;
    }
    return Long.parseLong(digits);
  }
}
