package io.github.tornadoserver.sample;

import io.github.tornadoserver.spring.http.Exchange;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Bounded integer query parameters: a value that is not an integer or lies outside its range is
 * answered 400 with a message that quotes it and the range, so no request can ask for an unbounded
 * amount of work.
 */
final class Parameters {
  private Parameters() {}

  /**
   * The query parameter {@code name} of the exchange's request, {@code fallback} when absent; or
   * empty after answering 400 when it is not an integer from {@code min} to {@code max}.
   */
  static OptionalLong bounded(Exchange exchange, String name, long fallback, long min, long max) {
    Optional<String> given = exchange.queryParam(name);
    if (given.isEmpty()) {
      return OptionalLong.of(fallback);
    }
    String text = given.get();
    try {
      long value = Long.parseLong(text.trim());
      if (value >= min && value <= max) {
        return OptionalLong.of(value);
      }
    } catch (NumberFormatException e) {
      // answered below, with the range
    }
    return reject(
        exchange, name + ": " + text + " (expected: an integer from " + min + " to " + max + ")");
  }

  /** Answers 400 with {@code message} and returns empty. */
  static OptionalLong reject(Exchange exchange, String message) {
    exchange.respond(400, "text/plain; charset=utf-8", message + "\n");
    return OptionalLong.empty();
  }
}
