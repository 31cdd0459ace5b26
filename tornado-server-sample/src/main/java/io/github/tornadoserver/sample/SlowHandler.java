package io.github.tornadoserver.sample;

import io.github.tornadoserver.spring.http.Exchange;
import io.github.tornadoserver.spring.http.RequestHandler;
import io.github.tornadoserver.spring.http.Route;
import java.time.Duration;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/**
 * {@code GET /slow?ms=M}: {@code ok} after M milliseconds (up to 60000, default 1000), waited for
 * with a loop timer: the loop serves other connections meanwhile.
 */
@Component
@Route(path = "/slow", methods = "GET")
final class SlowHandler implements RequestHandler {
  static final long MAX_MILLIS = 60_000;

  @Override
  public void handle(Exchange exchange) {
    OptionalLong ms = Parameters.bounded(exchange, "ms", 1000, 0, MAX_MILLIS);
    if (ms.isPresent()) {
      exchange
          .ioLoop()
          .callLater(
              Duration.ofMillis(ms.getAsLong()), () -> exchange.respond(200, "text/plain", "ok"));
    }
  }
}
