package io.github.tornadoserver.spring.webflux;

import io.github.tornadoserver.httputil.HTTPConnection;
import io.github.tornadoserver.httputil.HTTPMessageDelegate;
import io.github.tornadoserver.httputil.HTTPServerConnectionDelegate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.server.reactive.HttpHandler;

/**
 * Serves Spring's {@link HttpHandler} on a core {@code HTTPServer}: each request becomes a {@link
 * WebFluxExchange}, whose handler runs on the connection's loop thread. The adapter remembers the
 * exchange each open connection is serving (requests on one connection are served one after the
 * other), so that a connection that closes while the application still answers ends that exchange.
 *
 * <p>Thread-safe: one adapter serves every loop; each exchange lives on its connection's loop.
 */
public final class TornadoHttpHandlerAdapter implements HTTPServerConnectionDelegate {
  private final HttpHandler handler;
  private final DataBufferFactory buffers;
  private final boolean tls;
  private final Map<Object, WebFluxExchange> serving = new ConcurrentHashMap<>();

  /**
   * An adapter for {@code handler}; {@code tls} tells whether the server serves HTTPS, so that
   * requests carry {@link org.springframework.http.server.reactive.SslInfo}.
   */
  public TornadoHttpHandlerAdapter(HttpHandler handler, boolean tls) {
    this.handler = handler;
    this.buffers = DefaultDataBufferFactory.sharedInstance;
    this.tls = tls;
  }

  @Override
  public HTTPMessageDelegate startRequest(
      Object serverConnection, HTTPConnection requestConnection) {
    WebFluxExchange exchange = new WebFluxExchange(handler, requestConnection, buffers, tls);
    serving.put(serverConnection, exchange);
    return exchange;
  }

  @Override
  public void onClose(Object serverConnection) {
    WebFluxExchange exchange = serving.remove(serverConnection);
    if (exchange != null) {
      exchange.connectionClosed();
    }
  }
}
