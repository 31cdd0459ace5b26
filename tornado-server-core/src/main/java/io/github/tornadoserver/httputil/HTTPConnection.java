package io.github.tornadoserver.httputil;

import io.github.tornadoserver.iostream.IOStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.net.ssl.SSLSession;

/**
 * The response side of one request, Tornado's {@code HTTPConnection}: write the head once, body
 * chunks, then finish. Loop thread only.
 *
 * <p>Framing: with a {@code Content-Length} header the body must be exactly that long (more, or
 * fewer at {@link #finish}, fails the write with {@link HTTPOutputException} and closes the
 * connection); without one, an HTTP/1.1 response is sent chunked and an HTTP/1.0 response ends when
 * the connection closes. Responses to HEAD and status 1xx, 204 and 304 never carry a body.
 *
 * <p>Each write's future completes when its bytes reached the kernel: waiting for it is how a
 * handler streams without buffering the whole response.
 */
public interface HTTPConnection {
  /** Writes the status line and headers, and the first chunk of the body (may be null). */
  CompletableFuture<Void> writeHeaders(
      ResponseStartLine startLine, HTTPHeaders headers, ByteBuffer chunk);

  /** Writes a chunk of the body. */
  CompletableFuture<Void> write(ByteBuffer chunk);

  /** Ends the response. */
  CompletableFuture<Void> finish();

  /**
   * Writes a whole response: the status line, {@code headers} (null for none), {@code body} (null
   * or empty for none) and the end. Unless {@code headers} frame the body themselves ({@code
   * Content-Length} or {@code Transfer-Encoding}) or the status has no body (1xx, 204, 304), a
   * {@code Content-Length} of the body's length is sent with them; {@code headers} are not changed.
   * The same as {@link #writeHeaders} with that field added, then {@link #finish}, whose future it
   * returns once both completed; an implementation may send the head and a small body in one write.
   * The caller checks that the status may carry the body.
   */
  default CompletableFuture<Void> respond(
      ResponseStartLine startLine, HTTPHeaders headers, byte[] body) {
    int length = body == null ? 0 : body.length;
    HTTPHeaders out = headers == null ? new HTTPHeaders() : headers.copy();
    if (HTTPUtil.addsContentLength(startLine.code(), out)) {
      out.set("Content-Length", Integer.toString(length));
    }
    CompletableFuture<Void> head =
        writeHeaders(startLine, out, length == 0 ? null : ByteBuffer.wrap(body));
    CompletableFuture<Void> end = finish();
    return head == end ? end : CompletableFuture.allOf(head, end);
  }

  /**
   * Takes the stream over for another protocol (an upgrade): the HTTP layer lets go of it and reads
   * no more requests from it.
   */
  IOStream detach();

  /** Overrides the body size limit for this request; call from {@code headersReceived}. */
  void setMaxBodySize(long maxBodySize);

  /** Overrides the body timeout for this request; call from {@code headersReceived}. */
  void setBodyTimeout(Duration bodyTimeout);

  /** Who is on the other end, after {@code xheaders} were applied. */
  RequestContext context();

  /**
   * Completes, on the loop thread, once the connection this request came on has ended: closed by
   * either side, or detached for another protocol. Valid before, during and after the request: a
   * handler that answers later learns from it that the client left, whether or not the request had
   * finished. Completes at once when the connection has already ended; never fails.
   */
  CompletionStage<Void> whenClosed();

  /**
   * The address the request reached, as {@link IOStream#localAddress()} gives it (behind a PROXY
   * protocol proxy, the address the proxy accepted on); null when there is none to give.
   */
  default SocketAddress localAddress() {
    return null;
  }

  /**
   * The TLS session this request came on, or empty on a plain connection. Any thread: the session
   * is the one the handshake established and does not change under the request.
   */
  default Optional<SSLSession> sslSession() {
    return Optional.empty();
  }
}
