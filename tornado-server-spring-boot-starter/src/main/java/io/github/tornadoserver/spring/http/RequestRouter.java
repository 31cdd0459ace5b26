package io.github.tornadoserver.spring.http;

import io.github.tornadoserver.httputil.HTTPConnection;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPMessageDelegate;
import io.github.tornadoserver.httputil.HTTPServerConnectionDelegate;
import io.github.tornadoserver.httputil.HTTPServerRequest;
import io.github.tornadoserver.httputil.RejectionBody;
import io.github.tornadoserver.httputil.RejectionReason;
import io.github.tornadoserver.httputil.RequestStartLine;
import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.spring.TornadoProperties;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * The starter's {@link HTTPServerConnectionDelegate}: routes each request to the {@link
 * RequestHandler} of its {@link Route}, once its body was read, and answers 404 or 405 itself.
 *
 * <p>The route is chosen when the head arrives, so that the body of a request no route takes is
 * read and dropped rather than kept. The handler runs where {@link HandlerExecutors} says. An
 * exchange still unanswered when its handler returns ends (with its observation) when the
 * connection closes first, which the connection reports through {@link
 * HTTPConnection#whenClosed()}.
 *
 * <p>Thread-safe: one router serves every loop; per-request state lives on the request's loop.
 */
public final class RequestRouter implements HTTPServerConnectionDelegate, AutoCloseable {
  private static final Logger GEN_LOG = LoggerFactory.getLogger("tornado.general");

  private final RouteTable routes;
  private final HandlerExecutors executors;
  private final RequestObserver observer;
  private final ExchangeServices services;

  RequestRouter(
      RouteTable routes,
      HandlerExecutors executors,
      RequestObserver observer,
      ExchangeServices services) {
    this.routes = routes;
    this.executors = executors;
    this.observer = observer;
    this.services = services;
  }

  /**
   * A router of {@code routes} alone, for a server of its own besides the auto-configured one (such
   * as the actuator's management server): its handlers run where {@code
   * tornado.http.handler-execution} says and its requests are observed like the application's.
   * Close it once its server stopped.
   *
   * @throws IllegalStateException when two routes answer the same requests
   */
  public static RequestRouter of(
      List<RouteDefinition> routes, ListableBeanFactory beans, TornadoProperties properties) {
    return TornadoRoutingAutoConfiguration.router(
        routes.stream().map(RouteDefinition::toEntry).toList(), beans, properties);
  }

  @Override
  public HTTPMessageDelegate startRequest(Object serverConnection, HTTPConnection connection) {
    return new Routing(connection);
  }

  /** One request, from its head to the call of its handler. */
  private final class Routing implements HTTPMessageDelegate {
    private final HTTPConnection connection;
    private final IOLoop loop = IOLoop.current();
    private HTTPServerRequest request;
    private RouteTable.Match match;
    private RequestObserver.Observed observed;
    private ByteArrayOutputStream body;
    private int refusedWith;

    Routing(HTTPConnection connection) {
      this.connection = connection;
    }

    @Override
    public CompletionStage<?> headersReceived(RequestStartLine startLine, HTTPHeaders headers) {
      request = new HTTPServerRequest(startLine, headers, null, connection.context(), connection);
      match = routes.match(startLine.method(), request.path());
      observed = observer.start(request, match.found() ? match.entry().pattern().toString() : null);
      return null;
    }

    @Override
    public CompletionStage<?> dataReceived(ByteBuffer chunk) {
      if (match.found()) {
        if (body == null) {
          body = new ByteArrayOutputStream(Math.max(32, chunk.remaining()));
        }
        byte[] bytes = new byte[chunk.remaining()];
        chunk.get(bytes);
        body.writeBytes(bytes);
      }
      return null;
    }

    @Override
    public void finish() {
      if (!match.found()) {
        refuse();
        return;
      }
      HTTPServerRequest whole =
          body == null
              ? request
              : new HTTPServerRequest(
                  request.startLine(),
                  request.headers(),
                  body.toByteArray(),
                  request.context(),
                  connection);
      RouteTable.Entry route = match.entry();
      Exchange exchange =
          new Exchange(
              whole, route.pattern().toString(), match.variables(), loop, observed, services);
      dispatch(route, exchange);
      exchange.endWhenClosed(connection.whenClosed());
    }

    /** 404 when no route has the path, else 405 with the methods that routes of it take. */
    private void refuse() {
      Exchange exchange = new Exchange(request, null, Map.of(), loop, observed, services);
      if (match.allowed().isEmpty()) {
        exchange.respondError(404, null);
      } else {
        HTTPHeaders headers = new HTTPHeaders();
        headers.set("Allow", String.join(", ", match.allowed()));
        exchange.respondError(405, null, headers);
      }
    }

    /**
     * The server refuses the request (413, 431, 400...): its status is what the observation
     * records, and the refusal carries an error body. The head may not have been read.
     */
    @Override
    public RejectionBody rejected(int status, RejectionReason reason) {
      refusedWith = status;
      ErrorBodies.Body body =
          request == null
              ? services.errors().of(status, null, null, null, null)
              : services
                  .errors()
                  .of(
                      status,
                      request.method(),
                      request.headers().get("Accept"),
                      request.path(),
                      null);
      return body == null ? null : new RejectionBody(body.contentType(), body.content());
    }

    /** Refused, or the client left while its body was read: no handler saw the request. */
    @Override
    public void onConnectionClose() {
      if (observed == null) {
        return;
      }
      observed.stop(refusedWith, null);
      if (refusedWith == 0) {
        String route = match.found() ? match.entry().pattern().toString() : null;
        GEN_LOG.debug(
            "Client left while the body of {} {} was read", request.method(), request.uri());
        services.disconnects().clientLeft(route);
      }
    }
  }

  private void dispatch(RouteTable.Entry route, Exchange exchange) {
    Executor executor = executors.executorFor(route);
    if (executor == null) {
      run(route.handler(), exchange);
      return;
    }
    try {
      executor.execute(() -> run(route.handler(), exchange));
    } catch (RejectedExecutionException e) {
      exchange.fail(e);
    }
  }

  private static void run(RequestHandler handler, Exchange exchange) {
    try {
      handler.handle(exchange);
    } catch (Throwable e) {
      exchange.fail(e);
    }
  }

  /** Shuts down the executors made for handlers; called when the context closes. */
  @Override
  public void close() {
    executors.close();
  }

  /** The routes, for tests and diagnostics. */
  RouteTable routes() {
    return routes;
  }
}
