package io.github.tornadoserver.sample;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.spring.http.Exchange;
import io.github.tornadoserver.spring.http.RequestHandler;
import io.github.tornadoserver.spring.http.Route;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/**
 * {@code GET /headers-big?n=N}: a response with N headers {@code X-H-0: 0} to {@code X-H-<N-1>} (N
 * up to 10000, default 100), for testing a client's header limits.
 */
@Component
@Route(path = "/headers-big", methods = "GET")
final class HeadersBigHandler implements RequestHandler {
  static final long MAX_HEADERS = 10_000;

  @Override
  public void handle(Exchange exchange) {
    OptionalLong n = Parameters.bounded(exchange, "n", 100, 0, MAX_HEADERS);
    if (n.isEmpty()) {
      return;
    }
    HTTPHeaders headers = new HTTPHeaders();
    for (int i = 0; i < n.getAsLong(); i++) {
      headers.add("X-H-" + i, Integer.toString(i));
    }
    exchange.respond(200, headers, null);
  }
}
