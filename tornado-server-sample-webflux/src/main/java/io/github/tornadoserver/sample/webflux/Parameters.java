package io.github.tornadoserver.sample.webflux;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Bounded integer parameters: a value that is not an integer or lies outside its range is answered
 * 400 with a message that quotes it and the range, so no request can ask for an unbounded amount of
 * work. The messages are those of the tornado-server sample, word for word.
 */
final class Parameters {
  private static final MediaType TEXT_UTF8 = MediaType.parseMediaType("text/plain;charset=utf-8");

  private Parameters() {}

  /** A parameter that was refused; its message is the 400 response's body. */
  static final class RejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RejectedException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The query parameter {@code name} (its first value), {@code fallback} when absent.
   *
   * @throws RejectedException when it is not an integer from {@code min} to {@code max}
   */
  static long bounded(ServerRequest request, String name, long fallback, long min, long max) {
    return bounded(name, request.queryParam(name).orElse(null), fallback, min, max);
  }

  /**
   * {@code text} as an integer from {@code min} to {@code max}, {@code fallback} when it is null.
   *
   * @throws RejectedException when it is not such an integer
   */
  static long bounded(String name, String text, long fallback, long min, long max) {
    if (text == null) {
      return fallback;
    }
    try {
      long value = Long.parseLong(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // refused below, with the range
    }
    throw new RejectedException(
        name + ": " + text + " (expected: an integer from " + min + " to " + max + ")");
  }

  /**
   * {@code handler}, with a {@link RejectedException} it throws (at once or through its result)
   * answered 400 with the exception's message.
   */
  static HandlerFunction<ServerResponse> guarded(HandlerFunction<ServerResponse> handler) {
    return request ->
        Mono.defer(() -> handler.handle(request))
            .onErrorResume(RejectedException.class, Parameters::badRequest);
  }

  private static Mono<ServerResponse> badRequest(RejectedException rejected) {
    return ServerResponse.badRequest()
        .contentType(TEXT_UTF8)
        .bodyValue(rejected.getMessage() + "\n");
  }
}
