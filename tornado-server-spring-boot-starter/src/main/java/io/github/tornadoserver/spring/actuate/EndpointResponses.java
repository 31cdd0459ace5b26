package io.github.tornadoserver.spring.actuate;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.spring.http.Exchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.core.io.Resource;
import org.springframework.util.MimeType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns what an operation returned into a response: a {@link WebEndpointResponse} gives the status
 * and may give the content type; a {@code byte[]} or {@code String} body is sent as it is, a {@link
 * Resource} streamed, anything else written as JSON. An {@link OperationResponseBody} is written by
 * the actuator's own mapper ({@code EndpointJsonMapper}), any other object by the application's.
 *
 * <p>Thread-safe. Streaming a resource waits for each chunk to be written: call it off the loop.
 */
final class EndpointResponses {
  static final String JSON = "application/json";
  private static final int CHUNK = 64 * 1024;

  private final Supplier<JsonMapper> applicationMapper;
  private final Supplier<JsonMapper> endpointMapper;

  /**
   * @param applicationMapper the mapper of ordinary bodies (and of request bodies)
   * @param endpointMapper the mapper of {@link OperationResponseBody} results
   */
  EndpointResponses(Supplier<JsonMapper> applicationMapper, Supplier<JsonMapper> endpointMapper) {
    this.applicationMapper = applicationMapper;
    this.endpointMapper = endpointMapper;
  }

  /** The mapper that reads request bodies. */
  JsonMapper reader() {
    return applicationMapper.get();
  }

  /**
   * Answers {@code exchange} with {@code result}.
   *
   * @param read whether the operation reads: then no result means 404, else 204
   * @param negotiated the type the request's {@code Accept} chose, or null when the operation names
   *     none
   */
  CompletableFuture<Void> write(Exchange exchange, Object result, boolean read, MimeType negotiated)
      throws IOException {
    if (result == null) {
      return exchange.respond(read ? 404 : 204);
    }
    if (!(result instanceof WebEndpointResponse<?> response)) {
      return body(exchange, 200, result, negotiated);
    }
    if (response.getBody() == null) {
      return exchange.respond(response.getStatus());
    }
    MimeType type = response.getContentType() != null ? response.getContentType() : negotiated;
    return body(exchange, response.getStatus(), response.getBody(), type);
  }

  private CompletableFuture<Void> body(Exchange exchange, int status, Object body, MimeType type)
      throws IOException {
    if (body instanceof Resource resource) {
      return stream(exchange, status, resource, type);
    }
    if (body instanceof byte[] bytes) {
      return exchange.respond(status, headers(type, "application/octet-stream"), bytes);
    }
    if (body instanceof CharSequence text) {
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      return exchange.respond(status, headers(type, "text/plain;charset=UTF-8"), bytes);
    }
    JsonMapper mapper =
        body instanceof OperationResponseBody ? endpointMapper.get() : applicationMapper.get();
    return exchange.respond(status, headers(type, JSON), mapper.writeValueAsBytes(body));
  }

  /** Sends {@code resource} in chunks, each written before the next is read. */
  private static CompletableFuture<Void> stream(
      Exchange exchange, int status, Resource resource, MimeType type) throws IOException {
    HTTPHeaders headers = headers(type, "application/octet-stream");
    long length = resource.contentLength();
    if (length >= 0) {
      headers.set("Content-Length", Long.toString(length));
    }
    try (InputStream in = resource.getInputStream()) {
      exchange.writeHeaders(status, headers).join();
      byte[] buffer = new byte[CHUNK];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        exchange.write(Arrays.copyOf(buffer, n)).join();
      }
    }
    return exchange.finish();
  }

  private static HTTPHeaders headers(MimeType type, String fallback) {
    HTTPHeaders headers = new HTTPHeaders();
    headers.set("Content-Type", type != null && type.isConcrete() ? type.toString() : fallback);
    return headers;
  }
}
