package io.github.tornadoserver.spring.http;

import io.github.tornadoserver.httputil.HTTPConnection;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPInputException;
import io.github.tornadoserver.httputil.HTTPServerRequest;
import io.github.tornadoserver.httputil.ResponseStartLine;
import io.github.tornadoserver.ioloop.IOLoop;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One routed request and the means to answer it.
 *
 * <p>Answer once: {@link #respond} for a whole response, or {@link #writeHeaders}, any number of
 * {@link #write}s, then {@link #finish} to stream one. These methods are safe from any thread: on
 * the connection's loop thread they act at once (and throw on misuse); from another thread they are
 * queued to the loop in the order they were called, and a misuse fails the returned future instead.
 * Call them from one thread at a time.
 *
 * <p>Every returned future completes on the loop thread once its bytes were handed to the kernel,
 * or fails when the connection closed first: waiting for {@link #write}'s future before the next
 * write is how a handler streams without buffering. A handler running off the loop may {@code
 * join()} them; code chained on them without an executor runs on the loop and must not block.
 */
public final class Exchange {
  private static final Logger APP_LOG = LoggerFactory.getLogger("tornado.application");
  private static final Logger GEN_LOG = LoggerFactory.getLogger("tornado.general");

  private final HTTPServerRequest request;
  private final String route;
  private final Map<String, String> variables;
  private final HTTPConnection connection;
  private final IOLoop loop;
  private final RequestObserver.Observed observed;
  // Loop thread only.
  private boolean ended;
  private CompletableFuture<Void> endFuture;
  private int status;
  private Throwable handlerError;

  Exchange(
      HTTPServerRequest request,
      String route,
      Map<String, String> variables,
      IOLoop loop,
      RequestObserver.Observed observed) {
    this.request = request;
    this.route = route;
    this.variables = Map.copyOf(variables);
    this.connection = request.connection();
    this.loop = loop;
    this.observed = observed;
  }

  /** The request: method, target, headers, the whole body, the client's address. */
  public HTTPServerRequest request() {
    return request;
  }

  /** The pattern of the route that matched, for example {@code /status/{code}}. */
  public String route() {
    return route;
  }

  /** The values of the route's {@code {variables}}, percent-decoded, by name. */
  public Map<String, String> pathVariables() {
    return variables;
  }

  /** The value of the route's variable {@code name}, percent-decoded, or null. */
  public String pathVariable(String name) {
    return variables.get(name);
  }

  /** The loop of the connection: where answers are written and futures complete. */
  public IOLoop ioLoop() {
    return loop;
  }

  /**
   * Answers with {@code status}, {@code headers} (null for none) and {@code body} (null for none);
   * a {@code Content-Length} is added unless the headers frame the body themselves.
   *
   * @throws IllegalArgumentException on the loop thread, for a status out of range or a body on a
   *     status that has none (1xx, 204, 304)
   * @throws IllegalStateException on the loop thread, when the response was already begun
   */
  public CompletableFuture<Void> respond(int status, HTTPHeaders headers, byte[] body) {
    return onLoop(
        () -> {
          checkNotStarted();
          CompletableFuture<Void> written =
              begin(status, () -> request.respond(status, headers, body));
          return endWith(written);
        });
  }

  /** Answers with {@code status}, no headers of its own and an empty body. */
  public CompletableFuture<Void> respond(int status) {
    return respond(status, (HTTPHeaders) null, null);
  }

  /** Answers with {@code status} and a text body sent as {@code contentType}, encoded in UTF-8. */
  public CompletableFuture<Void> respond(int status, String contentType, String body) {
    HTTPHeaders headers = new HTTPHeaders();
    headers.set("Content-Type", contentType);
    return respond(status, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Begins a streamed response: the status line and {@code headers} (null for none). Without a
   * {@code Content-Length}, an HTTP/1.1 response is sent chunked.
   */
  public CompletableFuture<Void> writeHeaders(int status, HTTPHeaders headers) {
    return onLoop(
        () -> {
          checkNotStarted();
          HTTPHeaders out = headers == null ? new HTTPHeaders() : headers;
          return begin(
              status, () -> connection.writeHeaders(ResponseStartLine.of(status), out, null));
        });
  }

  /** Writes a chunk of a streamed response; the array must not change until the future is done. */
  public CompletableFuture<Void> write(byte[] chunk) {
    return onLoop(() -> connection.write(ByteBuffer.wrap(chunk)));
  }

  /** Ends a streamed response. */
  public CompletableFuture<Void> finish() {
    return onLoop(() -> endWith(connection.finish()));
  }

  /**
   * Ends this exchange when {@code connectionClosed} completes first; called once its handler
   * returned, on the loop thread. An exchange already answered (the usual case for a handler on the
   * loop) costs nothing here. Otherwise its end and the connection's close race through {@code
   * runAfterEither}, whose firing unlinks it from the connection's future: a keep-alive connection
   * does not keep one callback per past request.
   */
  void endWhenClosed(CompletionStage<Void> connectionClosed) {
    if (ended) {
      return;
    }
    endFuture = new CompletableFuture<>();
    endFuture.runAfterEither(connectionClosed, this::connectionClosed);
  }

  /**
   * Writes the start of a response of {@code status}, the status noted first: writing may finish
   * the request and, when the client already left, close the connection (which ends the exchange)
   * before it returns.
   */
  private CompletableFuture<Void> begin(int status, Supplier<CompletableFuture<Void>> write) {
    this.status = status;
    try {
      return write.get();
    } catch (RuntimeException e) {
      this.status = 0;
      throw e;
    }
  }

  private void checkNotStarted() {
    if (status != 0) {
      throw new IllegalStateException("response already begun with status " + status);
    }
  }

  private CompletableFuture<Void> endWith(CompletableFuture<Void> written) {
    written.whenComplete((v, error) -> end(error));
    return written;
  }

  /** Stops the observation once, with the handler's error if it threw. Loop thread. */
  private void end(Throwable error) {
    if (ended) {
      return;
    }
    ended = true;
    request.markFinished();
    observed.stop(status, handlerError != null ? handlerError : error);
    if (endFuture != null) {
      endFuture.complete(null);
    }
  }

  /** The connection closed: a response still in progress ends here. Loop thread. */
  private void connectionClosed() {
    end(null);
  }

  /**
   * The handler threw {@code error}: log it once and answer 500, or, when the response was begun,
   * cut the connection. An {@link HTTPInputException} (a body the request's {@code Content-Type}
   * cannot parse, from {@link HTTPServerRequest#bodyArguments()}) is the client's fault: one INFO
   * line on {@code tornado.general} and a 400. Any thread.
   */
  void fail(Throwable error) {
    onLoop(
        () -> {
          failOnLoop(error);
          return CompletableFuture.completedFuture(null);
        });
  }

  private void failOnLoop(Throwable error) {
    boolean badInput = error instanceof HTTPInputException;
    if (badInput) {
      GEN_LOG.info(
          "Bad request in handler of {} for {}: {}", route, describe(), error.getMessage());
    } else {
      APP_LOG.error("Uncaught exception in handler of {} for {}", route, describe(), error);
    }
    handlerError = error;
    if (ended) {
      return;
    }
    if (status == 0) {
      respond(badInput ? 400 : 500);
    } else {
      connection.detach().close();
      end(error);
    }
  }

  private String describe() {
    return request.method()
        + " "
        + request.uri()
        + " "
        + request.version()
        + " ("
        + request.remoteIp()
        + ")";
  }

  private CompletableFuture<Void> onLoop(Supplier<CompletableFuture<Void>> action) {
    if (loop.inLoopThread()) {
      return action.get();
    }
    CompletableFuture<Void> result = new CompletableFuture<>();
    boolean queued =
        loop.addCallback(
            () -> {
              try {
                action.get().whenComplete((v, e) -> complete(result, e));
              } catch (RuntimeException e) {
                result.completeExceptionally(e);
              }
            });
    if (!queued) {
      result.completeExceptionally(new IllegalStateException("the connection's loop is closed"));
    }
    return result;
  }

  private static void complete(CompletableFuture<Void> result, Throwable error) {
    if (error == null) {
      result.complete(null);
    } else {
      result.completeExceptionally(error);
    }
  }
}
