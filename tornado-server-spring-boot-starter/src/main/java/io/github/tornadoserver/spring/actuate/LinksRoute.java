package io.github.tornadoserver.spring.actuate;

import io.github.tornadoserver.httputil.HTTPServerRequest;
import io.github.tornadoserver.spring.http.Exchange;
import io.github.tornadoserver.spring.http.RequestHandler;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.web.EndpointLinksResolver;
import org.springframework.boot.actuate.endpoint.web.Link;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.MimeType;

/**
 * The links page at the base path: {@code {"_links": {...}}}, one link per operation of every
 * exposed endpoint, each an absolute URL built from the request's scheme and {@code Host}. Cheap
 * enough for the loop thread.
 */
final class LinksRoute implements RequestHandler {
  private final EndpointLinksResolver links;
  private final List<String> produced;
  private final EndpointResponses responses;

  LinksRoute(EndpointLinksResolver links, List<String> produced, EndpointResponses responses) {
    this.links = links;
    this.produced = List.copyOf(produced);
    this.responses = responses;
  }

  @Override
  public void handle(Exchange exchange) throws Exception {
    MimeType type = negotiate(exchange.request().headers().getList("Accept"));
    if (type == null) {
      exchange.respond(406);
      return;
    }
    HTTPServerRequest request = exchange.request();
    String self = request.protocol() + "://" + request.host() + request.path();
    Map<String, Map<String, Link>> body =
        OperationResponseBody.of(Map.of("_links", links.resolveLinks(self)));
    responses.write(exchange, body, true, type);
  }

  private MimeType negotiate(List<String> accept) {
    try {
      return MediaNegotiation.choose(MediaNegotiation.accepted(accept), produced);
    } catch (InvalidMimeTypeException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "actuator links";
  }
}
