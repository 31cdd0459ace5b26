package io.github.tornadoserver.sample;

import io.github.tornadoserver.spring.http.Exchange;
import io.github.tornadoserver.spring.http.RequestHandler;
import io.github.tornadoserver.spring.http.Route;
import org.springframework.stereotype.Component;

/** {@code GET /status/{code}}: that status (200 to 599) with an empty body. */
@Component
@Route(path = "/status/{code}", methods = "GET")
final class StatusHandler implements RequestHandler {

  @Override
  public void handle(Exchange exchange) {
    String code = exchange.pathVariable("code");
    int status;
    try {
      status = Integer.parseInt(code);
    } catch (NumberFormatException e) {
      status = -1;
    }
    if (status < 200 || status > 599) {
      Parameters.reject(exchange, "code: " + code + " (expected: an integer from 200 to 599)");
      return;
    }
    exchange.respond(status);
  }
}
