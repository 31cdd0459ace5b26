package io.github.tornadoserver.spring.http;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPServerRequest;
import io.github.tornadoserver.httputil.RequestContext;
import io.github.tornadoserver.httputil.RequestStartLine;
import java.net.InetSocketAddress;
import java.util.List;

/** Observation contexts of requests made up for tests, from a client on 127.0.0.1. */
final class RequestContexts {
  private RequestContexts() {}

  /** The context of a request {@code method uri} that matched {@code route} (null: none). */
  static TornadoRequestObservationContext request(String method, String uri, String route) {
    RequestContext peer =
        new RequestContext(
            new InetSocketAddress("127.0.0.1", 40000), "127.0.0.1", "http", List.of());
    HTTPServerRequest request =
        new HTTPServerRequest(
            new RequestStartLine(method, uri, "HTTP/1.1"), new HTTPHeaders(), null, peer, null);
    return new TornadoRequestObservationContext(request, route);
  }
}
