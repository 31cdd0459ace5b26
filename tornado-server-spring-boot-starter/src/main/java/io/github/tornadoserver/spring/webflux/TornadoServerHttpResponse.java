package io.github.tornadoserver.spring.webflux;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.ResponseStartLine;
import java.util.List;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The response to one request, as Spring's {@link
 * org.springframework.http.server.reactive.ServerHttpResponse}. Status, headers and cookies are
 * kept by Spring until the commit; the head goes out with the first body chunk ({@link BodyWriter})
 * or, for a response without a body, when the handler completes ({@link WebFluxExchange}).
 */
final class TornadoServerHttpResponse extends AbstractServerHttpResponse {
  private final WebFluxExchange exchange;

  TornadoServerHttpResponse(DataBufferFactory buffers, WebFluxExchange exchange) {
    super(buffers);
    this.exchange = exchange;
  }

  /**
   * The status line to send: 200 when the application set none.
   *
   * @throws IllegalArgumentException for a status that cannot end an exchange: 1xx is interim (the
   *     client would wait on for the final answer; this server upgrades to nothing), and RFC 9110
   *     section 15 defines 100 to 599 only
   */
  ResponseStartLine startLine() {
    HttpStatusCode status = getStatusCode();
    int code = status == null ? 200 : status.value();
    if (code < 200 || code > 599) {
      throw new IllegalArgumentException(
          "status " + code + " (expected: a final status, 200 to 599)");
    }
    return ResponseStartLine.of(code);
  }

  /**
   * The headers to send, in the order the application set them, cookies last. A {@code
   * Transfer-Encoding} the application set is left out: the body Spring hands over is never
   * transfer-coded, so the server frames it itself (chunked on HTTP/1.1 when no {@code
   * Content-Length} is given); sent as set, the header would announce a framing the bytes do not
   * have.
   */
  HTTPHeaders headers() {
    HTTPHeaders out = new HTTPHeaders();
    getHeaders()
        .forEach(
            (name, values) -> {
              if (!"Transfer-Encoding".equalsIgnoreCase(name)) {
                values.forEach(value -> out.add(name, value));
              }
            });
    for (List<ResponseCookie> cookies : getCookies().values()) {
      for (ResponseCookie cookie : cookies) {
        out.add("Set-Cookie", cookie.toString());
      }
    }
    return out;
  }

  @Override
  protected Mono<Void> writeWithInternal(Publisher<? extends DataBuffer> body) {
    return Mono.create(sink -> new BodyWriter(exchange, sink).start(body));
  }

  @Override
  protected Mono<Void> writeAndFlushWithInternal(
      Publisher<? extends Publisher<? extends DataBuffer>> body) {
    // Every chunk is flushed anyway: a write completes once its bytes reached the socket.
    return writeWithInternal(Flux.from(body).concatMap(Flux::from, 1));
  }

  @Override
  protected void applyStatusCode() {
    // read from getStatusCode() when the head is written
  }

  @Override
  protected void applyHeaders() {
    // read from getHeaders() when the head is written
  }

  @Override
  protected void applyCookies() {
    // read from getCookies() when the head is written
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T getNativeResponse() {
    return (T) exchange;
  }
}
