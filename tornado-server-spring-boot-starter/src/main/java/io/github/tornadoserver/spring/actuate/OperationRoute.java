package io.github.tornadoserver.spring.actuate;

import io.github.tornadoserver.spring.http.Exchange;
import io.github.tornadoserver.spring.http.RequestHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.InvocationContext;
import org.springframework.boot.actuate.endpoint.OperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.ProducibleOperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.MimeType;
import org.springframework.util.StringUtils;
import tools.jackson.core.JacksonException;

/**
 * Answers the requests of one path and method of an endpoint. Several operations may share them,
 * told apart by what they produce (the thread dump as JSON or as text): the request's {@code
 * Accept} picks one, or 406 when none fits. The operation's arguments are the path's selectors, the
 * members of a JSON request body (415 when the body is not of a type the operation consumes, 400
 * when it is no JSON object) and the query parameters, in that order of precedence, lowest first; a
 * request the operation finds invalid is answered 400.
 *
 * <p>Operations may block (health checks, heap dumps, scrapes): the route is a blocking one, so
 * {@link #handle} never runs on a loop thread.
 */
final class OperationRoute implements RequestHandler {
  private final List<WebOperation> operations;
  private final Remainder remainder;
  private final WebServerNamespace namespace;
  private final EndpointResponses responses;

  /**
   * @param operations the operations of one path and method, the preferred one first
   * @param remainder how the path's last, catch-all selector gets its segments
   * @param namespace the server the route is on, an argument some operations take
   */
  OperationRoute(
      List<WebOperation> operations,
      Remainder remainder,
      WebServerNamespace namespace,
      EndpointResponses responses) {
    this.operations = List.copyOf(operations);
    this.remainder = remainder;
    this.namespace = namespace;
    this.responses = responses;
  }

  /** The segments a catch-all selector ({@code {*path}}) stands for. */
  interface Remainder {
    /** The path's segments from index {@code from} on, percent-decoded, the empty ones left out. */
    static Remainder after(int from) {
      return path -> {
        List<String> segments = new ArrayList<>();
        String[] parts = path.split("/", -1);
        for (int i = from + 1; i < parts.length; i++) {
          if (!parts[i].isEmpty()) {
            segments.add(StringUtils.uriDecode(parts[i], StandardCharsets.UTF_8));
          }
        }
        return segments.toArray(String[]::new);
      };
    }

    /** Always {@code segments}: the route of an additional path stands for one health group. */
    static Remainder fixed(String[] segments) {
      return path -> segments.clone();
    }

    String[] segments(String path);
  }

  /** The operation the request's {@code Accept} chose, and the type it chose. */
  private record Choice(WebOperation operation, MimeType type) {}

  @Override
  public void handle(Exchange exchange) throws Exception {
    List<String> accept = exchange.request().headers().getList("Accept");
    Choice choice = choose(accept);
    if (choice == null) {
      exchange.respond(406);
      return;
    }
    WebOperation operation = choice.operation();
    Map<String, Object> arguments = new LinkedHashMap<>(exchange.pathVariables());
    String remaining = operation.getRequestPredicate().getMatchAllRemainingPathSegmentsVariable();
    if (remaining != null) {
      arguments.put(remaining, remainder.segments(exchange.request().path()));
    }
    if (!addBody(exchange, operation, arguments)) {
      return;
    }
    exchange.request().queryArguments().forEach((name, v) -> arguments.put(name, single(v)));
    invoke(exchange, choice, context(accept, arguments));
  }

  private Choice choose(List<String> accept) {
    List<MimeType> accepted;
    try {
      accepted = MediaNegotiation.accepted(accept);
    } catch (InvalidMimeTypeException e) {
      return null;
    }
    for (MimeType wanted : accepted) {
      for (WebOperation operation : operations) {
        Collection<String> produced = operation.getRequestPredicate().getProduces();
        if (produced.isEmpty()) {
          return new Choice(operation, null);
        }
        MimeType type = MediaNegotiation.choose(List.of(wanted), produced);
        if (type != null) {
          return new Choice(operation, type);
        }
      }
    }
    return null;
  }

  /**
   * Adds the members of a write operation's JSON body; answers 415 or 400 and returns false when
   * the body does not fit.
   */
  private boolean addBody(
      Exchange exchange, WebOperation operation, Map<String, Object> arguments) {
    byte[] body = exchange.request().body();
    if (operation.getType() != OperationType.WRITE || body == null || body.length == 0) {
      return true;
    }
    String contentType = exchange.request().headers().get("Content-Type");
    try {
      if (!MediaNegotiation.consumes(operation.getRequestPredicate().getConsumes(), contentType)) {
        exchange.respond(415);
        return false;
      }
    } catch (InvalidMimeTypeException e) {
      exchange.respond(415);
      return false;
    }
    try {
      Map<?, ?> members = responses.reader().readValue(body, Map.class);
      members.forEach((name, value) -> arguments.put(String.valueOf(name), value));
      return true;
    } catch (JacksonException e) {
      badRequest(exchange, "the body is not a JSON object: " + e.getOriginalMessage());
      return false;
    }
  }

  private static Object single(List<String> values) {
    return values.size() == 1 ? values.get(0) : values;
  }

  private InvocationContext context(List<String> accept, Map<String, Object> arguments) {
    return new InvocationContext(
        SecurityContext.NONE,
        arguments,
        OperationArgumentResolver.of(WebServerNamespace.class, () -> namespace),
        new ProducibleOperationArgumentResolver(() -> accept.isEmpty() ? null : accept));
  }

  private void invoke(Exchange exchange, Choice choice, InvocationContext context)
      throws Exception {
    Object result;
    try {
      result = choice.operation().invoke(context);
    } catch (InvalidEndpointRequestException e) {
      badRequest(exchange, e.getReason() != null ? e.getReason() : e.getMessage());
      return;
    }
    boolean read = choice.operation().getType() == OperationType.READ;
    responses.write(exchange, result, read, choice.type());
  }

  /**
   * An argument the operation refused (a malformed {@code tag}, say): 400 in the error shape every
   * other refusal of the starter has, with the reason as its message.
   */
  private static void badRequest(Exchange exchange, String reason) {
    exchange.respondError(400, reason);
  }

  @Override
  public String toString() {
    return "actuator operation " + operations.get(0).getId();
  }
}
