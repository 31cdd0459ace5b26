package io.github.tornadoserver.spring.http;

/**
 * Answers the requests of its {@link Route}: a bean of this type, annotated with {@code @Route}, is
 * routed by the starter unless the application defines its own {@code
 * HTTPServerConnectionDelegate}.
 *
 * <p>The request body has been read whole when {@link #handle} is called. Answer through the {@link
 * Exchange}: at once, later from any thread, or streamed chunk by chunk. Where {@code handle} runs
 * depends on {@code tornado.http.handler-execution} and {@link Route#blocking()}: on the loop
 * thread it must never block.
 */
@FunctionalInterface
public interface RequestHandler {
  /**
   * Handles one request. An exception thrown here is logged once on {@code tornado.application}
   * with the request line, and answered with 500 (or, when the response had begun, by closing the
   * connection). An {@code HTTPInputException}, such as {@code request().bodyArguments()} throws
   * for a body it cannot parse, is answered with 400 and logged at INFO on {@code tornado.general}.
   */
  void handle(Exchange exchange) throws Exception;
}
