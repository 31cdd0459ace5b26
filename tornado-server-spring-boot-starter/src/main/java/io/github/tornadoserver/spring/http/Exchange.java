package io.github.tornadoserver.spring.http;

import io.github.tornadoserver.httputil.HTTPConnection;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPInputException;
import io.github.tornadoserver.httputil.HTTPOutputException;
import io.github.tornadoserver.httputil.HTTPServerRequest;
import io.github.tornadoserver.httputil.ResponseStartLine;
import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.iostream.StreamClosedException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
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
 *
 * <p>A client that left is normal: once the connection closed, every answering method returns a
 * future failed with a {@link StreamClosedException} (it does not throw), so {@code
 * respond(...).join()} throws a {@link java.util.concurrent.CompletionException} caused by it. A
 * handler may let that propagate: the router logs it at DEBUG and counts the disconnect, never as a
 * handler error.
 *
 * <p>Small helpers read the request ({@link #queryParam}, {@link #intQueryParam}, {@link #header},
 * {@link #bodyAs}) and answer it ({@link #respondJson}, {@link #respondError}); a request they
 * cannot read is answered 400 or 415 through a {@link ClientErrorException}.
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
  private final ExchangeServices services;
  // Loop thread only.
  private boolean ended;
  private CompletableFuture<Void> endFuture;
  private int status;
  private Throwable handlerError;
  private boolean closedFirst;
  // The response's last write was begun: its future ends the exchange, whichever way it completes.
  private boolean lastWriteUnderWay;

  Exchange(
      HTTPServerRequest request,
      String route,
      Map<String, String> variables,
      IOLoop loop,
      RequestObserver.Observed observed,
      ExchangeServices services) {
    this.request = request;
    this.route = route;
    this.variables = Map.copyOf(variables);
    this.connection = request.connection();
    this.loop = loop;
    this.observed = observed;
    this.services = services;
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

  /** The first value of the query parameter {@code name} (blank when given without a value). */
  public Optional<String> queryParam(String name) {
    List<String> values = request.queryArguments().get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The first value of the query parameter {@code name}, or {@code defaultValue} when absent. */
  public String queryParam(String name, String defaultValue) {
    return queryParam(name).orElse(defaultValue);
  }

  /**
   * The first value of the query parameter {@code name} as a decimal {@code int}, or {@code
   * defaultValue} when absent.
   *
   * @throws ClientErrorException 400 naming the parameter and its value when it is not an int
   */
  public int intQueryParam(String name, int defaultValue) {
    Optional<String> value = queryParam(name);
    if (value.isEmpty()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value.get().trim());
    } catch (NumberFormatException e) {
      throw new ClientErrorException(
          400, "query parameter '" + name + "' is not an integer: \"" + value.get() + "\"", e);
    }
  }

  /** The value of the request header {@code name} (any case), repeated fields joined by ",". */
  public Optional<String> header(String name) {
    return Optional.ofNullable(request.headers().get(name));
  }

  /**
   * The request body read as a {@code type} with the application's JSON mapper ({@code JsonMapper}
   * bean). A request without {@code Content-Type} is read as JSON.
   *
   * @throws ClientErrorException 415 when the {@code Content-Type} is not JSON ({@code
   *     application/json} or {@code application/*+json}); 400 when the body is empty or is not JSON
   *     of that type, with what is wrong and where
   * @throws IllegalStateException when Jackson is not on the class path
   */
  public <T> T bodyAs(Class<T> type) {
    String contentType = request.headers().get("Content-Type");
    if (contentType != null && !isJson(contentType)) {
      throw new ClientErrorException(
          415, "Content-Type \"" + contentType + "\" is not JSON (expected: application/json)");
    }
    byte[] body = request.body();
    if (body == null || body.length == 0) {
      throw new ClientErrorException(
          400, "request body is empty (expected: JSON for " + type.getSimpleName() + ")");
    }
    return services.json().read(body, type);
  }

  private static boolean isJson(String contentType) {
    int end = contentType.indexOf(';');
    String type =
        (end < 0 ? contentType : contentType.substring(0, end)).trim().toLowerCase(Locale.ROOT);
    return type.equals("application/json")
        || (type.startsWith("application/") && type.endsWith("+json"));
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
    if (loop.inLoopThread()) {
      // The usual case, a handler on the loop: no closure to queue.
      return closed() ? closedFuture() : respondOnLoop(status, headers, body);
    }
    return onLoop(() -> respondOnLoop(status, headers, body));
  }

  private CompletableFuture<Void> respondOnLoop(int status, HTTPHeaders headers, byte[] body) {
    checkNotStarted();
    this.status = status;
    CompletableFuture<Void> written;
    try {
      written = request.respond(status, headers, body);
    } catch (RuntimeException e) {
      this.status = 0;
      throw e;
    }
    return endWith(written);
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
   * Answers with {@code status} and {@code value} written as JSON by the application's JSON mapper
   * ({@code JsonMapper} bean), sent as {@code application/json}. Serialises on the calling thread.
   *
   * @throws IllegalStateException when Jackson is not on the class path
   */
  public CompletableFuture<Void> respondJson(int status, Object value) {
    HTTPHeaders headers = new HTTPHeaders();
    headers.set("Content-Type", ErrorBodies.JSON);
    return respond(status, headers, services.json().write(value));
  }

  /** Answers 200 with {@code value} as JSON: {@link #respondJson(int, Object)}. */
  public CompletableFuture<Void> respondJson(Object value) {
    return respondJson(200, value);
  }

  /**
   * Answers with {@code status} and the error body the router's own errors carry: Spring Boot's
   * shape ({@code timestamp}, {@code status}, {@code error}, {@code message}, {@code path}) in
   * JSON, or plain text for a client that takes only text, or none when error bodies are off
   * ({@code tornado.http.error-body.enabled=false}) or the request is a {@code HEAD}.
   *
   * @param message what the client should know, or null
   */
  public CompletableFuture<Void> respondError(int status, String message) {
    return respondError(status, message, null);
  }

  CompletableFuture<Void> respondError(int status, String message, HTTPHeaders headers) {
    HTTPHeaders out = headers == null ? new HTTPHeaders() : headers;
    ErrorBodies.Body body =
        services
            .errors()
            .of(status, request.method(), request.headers().get("Accept"), request.path(), message);
    if (body == null) {
      return respond(status, out, null);
    }
    out.set("Content-Type", body.contentType());
    return respond(status, out, body.content());
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

  /**
   * Writes a chunk of a streamed response; the array must not change until the future is done. A
   * chunk that would go past the response's {@code Content-Length} is not sent: the future fails
   * with {@link HTTPOutputException}, the connection is closed, and the mistake is logged once.
   */
  public CompletableFuture<Void> write(byte[] chunk) {
    return onLoop(() -> refusedWrite(connection.write(ByteBuffer.wrap(chunk))));
  }

  /** Notes a write the core refused at once (past the {@code Content-Length}). Loop thread. */
  private CompletableFuture<Void> refusedWrite(CompletableFuture<Void> written) {
    if (written.isCompletedExceptionally()) {
      written.whenComplete((v, error) -> framingBroken(error));
    }
    return written;
  }

  /**
   * Logs, once, a response the core cut because its body broke its own {@code Content-Length} (more
   * bytes, or fewer at the end): the handler's mistake, not the client's leaving. Its client sees a
   * response cut short. Loop thread.
   */
  private void framingBroken(Throwable error) {
    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
    if (cause instanceof HTTPOutputException && handlerError == null) {
      handlerError = cause;
      APP_LOG.error("Response of {} to {} cut short: {}", route, describe(), cause.getMessage());
    }
  }

  /** Ends a streamed response. */
  public CompletableFuture<Void> finish() {
    return onLoop(() -> endWith(connection.finish()));
  }

  /**
   * Ends this exchange when {@code connectionClosed} completes first; called once its handler
   * returned, on the loop thread. An exchange already answered (the usual case for a handler on the
   * loop) costs nothing here, nor does one whose last write is under way: that write's future fails
   * when the connection closes first, which ends the exchange. Otherwise its end and the
   * connection's close race through {@code runAfterEither}, whose firing unlinks it from the
   * connection's future: a keep-alive connection does not keep one callback per past request.
   */
  void endWhenClosed(CompletionStage<Void> connectionClosed) {
    if (ended || lastWriteUnderWay) {
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
    lastWriteUnderWay = true;
    if (written.isDone() && !written.isCompletedExceptionally()) {
      // Already written (the usual case on the loop): what whenComplete would do at once, without
      // the dependent future and the callback it makes.
      end(null);
    } else {
      written.whenComplete(new WriteEnded());
    }
    return written;
  }

  /**
   * Ends the exchange when its last write completes. A class rather than a lambda because one is
   * made for every request whose response is still queued (pipelined requests, for one): where the
   * compiler did not inline a lambda's factory, each one costs a call into the VM.
   */
  private final class WriteEnded implements BiConsumer<Void, Throwable> {
    @Override
    public void accept(Void written, Throwable error) {
      end(error);
    }
  }

  /**
   * Stops the observation once, with the handler's error if it threw; a client that left first is
   * counted, not blamed. Loop thread.
   */
  private void end(Throwable error) {
    if (ended) {
      return;
    }
    ended = true;
    request.markFinished();
    framingBroken(error);
    boolean left =
        !(handlerError instanceof HTTPOutputException) && (closedFirst || clientGone(error));
    observed.stop(status, handlerError != null ? handlerError : left ? null : error);
    if (left) {
      GEN_LOG.debug("Client left before the response of {} to {} was written", route, describe());
      services.disconnects().clientLeft(route);
    }
    if (endFuture != null) {
      endFuture.complete(null);
    }
  }

  /** The connection closed: a response still in progress ends here. Loop thread. */
  private void connectionClosed() {
    closedFirst = !ended;
    end(null);
  }

  /** Whether {@code error} (or a cause of it) says the connection was closed under us. */
  static boolean clientGone(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      if (e instanceof StreamClosedException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The handler threw {@code error}. A client that left (a {@link StreamClosedException} once this
   * request's connection closed) is a DEBUG line and a count. The client's fault, a {@link
   * ClientErrorException} or an {@link HTTPInputException} (a body the request's {@code
   * Content-Type} cannot parse, from {@link HTTPServerRequest#bodyArguments()}), is one INFO line
   * on {@code tornado.general} and its 4xx. Anything else is logged once with its stack trace and
   * answered 500. When the response was begun, the connection is cut instead. Any thread.
   */
  void fail(Throwable error) {
    if (loop.inLoopThread()) {
      failOnLoop(error);
    } else if (!loop.addCallback(() -> failOnLoop(error))) {
      GEN_LOG.debug("Handler of {} failed after its loop closed: {}", route, error.toString());
    }
  }

  private void failOnLoop(Throwable error) {
    if (handlerError instanceof HTTPOutputException) {
      // The handler threw on its own cut response (a join on the refused write): logged already.
      end(error);
      return;
    }
    // Only this request's own connection closing is the client leaving: a stream the handler
    // opened elsewhere (a backend) that closed is the handler's failure.
    if (clientGone(error) && closed()) {
      GEN_LOG.debug("Client left during the handler of {} for {}", route, describe());
      end(error);
      return;
    }
    int answer = statusFor(error);
    String message = answer == 500 ? null : error.getMessage();
    if (answer == 500) {
      APP_LOG.error("Uncaught exception in handler of {} for {}", route, describe(), error);
    } else {
      GEN_LOG.info("Bad request in handler of {} for {}: {}", route, describe(), message);
    }
    handlerError = error;
    if (ended) {
      return;
    }
    if (status == 0) {
      respondError(answer, message);
    } else {
      connection.detach().close();
      end(error);
    }
  }

  private static int statusFor(Throwable error) {
    if (error instanceof ClientErrorException clientError) {
      return clientError.status();
    }
    return error instanceof HTTPInputException ? 400 : 500;
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
      return closed() ? closedFuture() : action.get();
    }
    CompletableFuture<Void> result = new CompletableFuture<>();
    boolean queued =
        loop.addCallback(
            () -> {
              if (closed()) {
                result.completeExceptionally(new StreamClosedException(null));
                return;
              }
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

  private static CompletableFuture<Void> closedFuture() {
    return CompletableFuture.failedFuture(new StreamClosedException(null));
  }

  /** The connection ended (closed by either side, or detached). Loop thread. */
  private boolean closed() {
    return connection.whenClosed().toCompletableFuture().isDone();
  }

  private static void complete(CompletableFuture<Void> result, Throwable error) {
    if (error == null) {
      result.complete(null);
    } else {
      result.completeExceptionally(error);
    }
  }
}
