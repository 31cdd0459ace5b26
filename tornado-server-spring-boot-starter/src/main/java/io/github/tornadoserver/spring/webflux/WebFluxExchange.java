package io.github.tornadoserver.spring.webflux;

import io.github.tornadoserver.httputil.HTTPConnection;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPMessageDelegate;
import io.github.tornadoserver.httputil.HTTPOutputException;
import io.github.tornadoserver.httputil.RequestStartLine;
import io.github.tornadoserver.httputil.ResponseStartLine;
import io.github.tornadoserver.ioloop.IOLoop;
import java.io.EOFException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHeadResponseDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.Disposable;

/**
 * One request served by Spring's {@link HttpHandler}: the core's {@link HTTPMessageDelegate} on one
 * side, Spring's request and response on the other.
 *
 * <p>Lifecycle, in order: {@link State#HANDLING} once the head arrived and the handler was called
 * (on the loop thread, as WebFlux expects of its server); {@link State#RESPONDING} once the
 * response head was written; {@link State#ENDED} once the response finished, the connection closed,
 * or the exchange was cut after an error. The request body is read only while the application asks
 * for it ({@link RequestBody}); the response body is pulled only as fast as the socket drains
 * ({@link BodyWriter}). A client that leaves, while its request is read or later while the
 * application answers, cancels the handler and is logged at DEBUG.
 *
 * <p>Threading: every step runs on the connection's loop thread; signals from other threads are
 * moved there with {@link #onLoop}.
 */
final class WebFluxExchange implements HTTPMessageDelegate {
  private static final Logger LOG = LoggerFactory.getLogger(WebFluxExchange.class);

  enum State {
    HANDLING,
    RESPONDING,
    ENDED
  }

  private final HttpHandler handler;
  private final HTTPConnection connection;
  private final DataBufferFactory buffers;
  private final boolean tls;
  private IOLoop loop;
  private RequestBody body;
  private TornadoServerHttpResponse response;
  private String describe = "";
  private State state = State.HANDLING;
  private Disposable handling;
  private Runnable pending;
  private BodyWriter writer;
  private CompletableFuture<Void> finished;
  private boolean head;
  private boolean failureLogged;

  WebFluxExchange(
      HttpHandler handler, HTTPConnection connection, DataBufferFactory buffers, boolean tls) {
    this.handler = handler;
    this.connection = connection;
    this.buffers = buffers;
    this.tls = tls;
  }

  @Override
  public CompletionStage<?> headersReceived(RequestStartLine startLine, HTTPHeaders headers) {
    loop = IOLoop.current();
    body = new RequestBody(loop, buffers);
    describe = startLine.method() + " " + startLine.uri();
    TornadoServerHttpRequest request;
    try {
      request = TornadoServerHttpRequest.of(startLine, headers, connection, body, tls);
    } catch (URISyntaxException | IllegalArgumentException e) {
      LOG.debug("Bad request target {} from {}: {}", startLine.uri(), remote(), e.getMessage());
      respondBadRequest();
      return null;
    }
    response = new TornadoServerHttpResponse(buffers, this);
    head = request.getMethod() == HttpMethod.HEAD;
    pending =
        head
            ? () -> handle(request, new HttpHeadResponseDecorator(response))
            : () -> handle(request, response);
    if (!hasBody(headers)) {
      return null;
    }
    startHandler();
    return body.wanted();
  }

  /**
   * RFC 9112 section 6.3: a request without {@code Content-Length} or {@code Transfer-Encoding} has
   * no body. Its handler starts once the request was read, so that an answer written at once is not
   * an early one (which would close the connection); a request with a body starts its handler at
   * once, to stream the body to it.
   */
  private static boolean hasBody(HTTPHeaders headers) {
    return headers.contains("Transfer-Encoding")
        || (headers.contains("Content-Length") && !"0".equals(headers.get("Content-Length")));
  }

  private void startHandler() {
    Runnable start = pending;
    pending = null;
    if (start != null && state != State.ENDED) {
      start.run();
    }
  }

  private void handle(TornadoServerHttpRequest request, ServerHttpResponse target) {
    handling =
        handler.handle(request, target).subscribe(null, this::handlerFailed, this::handlerDone);
  }

  @Override
  public CompletionStage<?> dataReceived(ByteBuffer chunk) {
    return body == null ? null : body.chunk(chunk);
  }

  @Override
  public void finish() {
    if (body != null) {
      body.end(null);
      startHandler();
    }
  }

  /**
   * The request ended before its body did: the client left, or the server refused the rest of the
   * body (over {@code max-body-size}, a broken chunk, the body timeout) and answered for it. Either
   * way nothing the handler writes can reach the client any more, so the handler is cancelled
   * before its body fails: a failed body would otherwise reach Spring as the handler's error, and
   * Spring, seeing no response begun, would report a server error for a request already answered.
   */
  @Override
  public void onConnectionClose() {
    if (state != State.ENDED && loop != null) {
      LOG.debug("{} from {}: the request ended before its body", describe, remote());
      end();
    }
    if (body != null) {
      body.end(new EOFException("connection closed before the request body ended"));
    }
  }

  // ---------------------------------------------------------------- response

  /** Whether the exchange is over: nothing more is written. */
  boolean ended() {
    return state == State.ENDED;
  }

  boolean inLoopThread() {
    return loop.inLoopThread();
  }

  void onLoop(Runnable action) {
    LoopThread.run(loop, action);
  }

  /** Runs {@code action} on the loop after what is already queued there. */
  void onLoopLater(Runnable action) {
    loop.addCallback(action);
  }

  void bodyStarted(BodyWriter bodyWriter) {
    if (state == State.ENDED) {
      bodyWriter.cancel();
    } else {
      writer = bodyWriter;
    }
  }

  /**
   * Writes a body chunk, with the response head before the first one; a head that cannot be sent
   * fails the write ({@link #refuseHead}). Loop thread.
   */
  CompletableFuture<Void> writeChunk(ByteBuffer chunk) {
    if (state == State.HANDLING) {
      state = State.RESPONDING;
      try {
        return connection.writeHeaders(response.startLine(), response.headers(), chunk);
      } catch (IllegalArgumentException e) {
        return CompletableFuture.failedFuture(refuseHead(e));
      }
    }
    return connection.write(chunk);
  }

  /**
   * The application's response head cannot be sent: a header value with CR or LF (which would split
   * the response), a name that is not a token, a {@code Content-Length} that is not a number.
   * Nothing of it was written, so the client gets a 500 instead; the mistake is logged once. Loop
   * thread.
   */
  private IllegalArgumentException refuseHead(IllegalArgumentException error) {
    failureLogged = true;
    LOG.error(
        "{} from {}: the response head cannot be sent ({}); answering 500",
        describe,
        remote(),
        error.getMessage());
    answer500();
    return error;
  }

  /** Answers 500 with no body in place of the application's response; the exchange ends after. */
  private void answer500() {
    state = State.RESPONDING;
    connection.writeHeaders(ResponseStartLine.of(500), emptyBody(), null);
    finished = connection.finish();
    finished.whenComplete((v, e) -> end());
  }

  /**
   * Logs, once per exchange, a write or an end that the core refused because the body broke the
   * application's own {@code Content-Length} (more bytes, or fewer at the end): the application's
   * mistake, which the client sees as a response cut short. Any other failure is a client that
   * left. Loop thread.
   */
  void writeFailed(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof HTTPOutputException && !failureLogged) {
      failureLogged = true;
      LOG.error("Response to {} from {} cut short: {}", describe, remote(), cause.getMessage());
    }
  }

  /**
   * Ends the response, with its head first when none was written; the same future for every call.
   * Loop thread.
   */
  CompletableFuture<Void> finishResponse() {
    if (finished != null) {
      return finished;
    }
    if (state == State.ENDED) {
      finished = CompletableFuture.failedFuture(clientLeft(new EOFException("connection closed")));
      return finished;
    }
    if (state == State.HANDLING) {
      try {
        ResponseStartLine startLine = response.startLine();
        HTTPHeaders headers = response.headers();
        if (!head
            && mayHaveBody(startLine.code())
            && !headers.contains("Content-Length")
            && !headers.contains("Transfer-Encoding")) {
          // The whole body is known to be empty: say so, rather than a chunked body of no
          // chunks, so that an HTTP/1.0 client can keep its connection (as Reactor Netty does).
          headers.add("Content-Length", "0");
        }
        connection.writeHeaders(startLine, headers, null);
      } catch (IllegalArgumentException e) {
        refuseHead(e);
        return finished;
      }
    }
    state = State.RESPONDING;
    finished = connection.finish();
    finished.whenComplete(
        (v, e) -> {
          if (e != null) {
            writeFailed(e);
          }
          end();
        });
    return finished;
  }

  private void handlerDone() {
    onLoop(
        () -> {
          if (state != State.ENDED) {
            finishResponse();
          }
        });
  }

  private void handlerFailed(Throwable error) {
    onLoop(() -> failOnLoop(error));
  }

  private void failOnLoop(Throwable error) {
    if (failureLogged) {
      // Logged already: a head refused (its 500, being written, ends the exchange) or a body
      // that broke its own Content-Length (cut here when it was still being written).
      if (finished == null) {
        abort();
      }
      return;
    }
    if (state == State.ENDED || DisconnectedClientHelper.isClientDisconnectedException(error)) {
      LOG.debug("{} from {} ended: the client left ({})", describe, remote(), error.toString());
      abort();
      return;
    }
    if (state == State.HANDLING) {
      LOG.error("Handler failed for {} from {}; answering 500", describe, remote(), error);
      answer500();
      return;
    }
    LOG.error("Handler failed for {} from {} after the response began", describe, remote(), error);
    abort();
  }

  private void respondBadRequest() {
    HTTPHeaders headers = emptyBody();
    headers.add("Connection", "close");
    state = State.RESPONDING;
    connection.writeHeaders(ResponseStartLine.of(400), headers, null);
    connection.finish().whenComplete((v, e) -> end());
  }

  /** RFC 9110 sections 15.2, 15.3.5 and 15.4.5: these statuses never have content. */
  private static boolean mayHaveBody(int status) {
    return status >= 200 && status != 204 && status != 304;
  }

  private static HTTPHeaders emptyBody() {
    HTTPHeaders headers = new HTTPHeaders();
    headers.add("Content-Length", "0");
    return headers;
  }

  /** Cuts the response: a client that reads it sees it end early. */
  private void abort() {
    if (state != State.ENDED) {
      end();
      connection.detach().close();
    }
  }

  /** The connection closed (the adapter is told once per connection). Loop thread. */
  void connectionClosed() {
    if (state == State.ENDED || loop == null) {
      state = State.ENDED;
      return;
    }
    LOG.debug("{} from {}: the client left before the response ended", describe, remote());
    end();
  }

  private void end() {
    if (state == State.ENDED) {
      return;
    }
    state = State.ENDED;
    if (body != null) {
      body.discard();
    }
    if (writer != null) {
      writer.cancel();
    }
    if (handling != null) {
      handling.dispose();
    }
  }

  private Object remote() {
    return connection.context().remoteIp();
  }

  /**
   * The error a write failed with, as Spring recognizes a client that left: an {@link EOFException}
   * with the cause.
   */
  static Throwable clientLeft(Throwable error) {
    if (DisconnectedClientHelper.isClientDisconnectedException(error)) {
      return error;
    }
    EOFException left = new EOFException("the client left: " + error.getMessage());
    left.initCause(error);
    return left;
  }
}
