package io.github.tornadoserver.sample;

import io.github.tornadoserver.spring.http.Exchange;
import io.github.tornadoserver.spring.http.RequestHandler;
import io.github.tornadoserver.spring.http.Route;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/**
 * {@code GET /blocking?ms=M}: sleeps M milliseconds (up to 60000, default 1000) the blocking way,
 * then answers {@code ok}. Marked {@code blocking}, so it runs off the loop (on a virtual thread on
 * Java 21+, else on the starter's blocking pool, {@code tornado.http.blocking-threads}) and the
 * loop keeps serving. A client that leaves during the sleep makes {@code join()} throw; the router
 * counts that at DEBUG, so the handler needs no code for it.
 */
@Component
@Route(path = "/blocking", methods = "GET", blocking = true)
final class BlockingHandler implements RequestHandler {
  static final long MAX_MILLIS = 60_000;

  @Override
  public void handle(Exchange exchange) throws InterruptedException {
    OptionalLong ms = Parameters.bounded(exchange, "ms", 1000, 0, MAX_MILLIS);
    if (ms.isPresent()) {
      Thread.sleep(ms.getAsLong());
      exchange.respond(200, "text/plain", "ok").join();
    }
  }
}
