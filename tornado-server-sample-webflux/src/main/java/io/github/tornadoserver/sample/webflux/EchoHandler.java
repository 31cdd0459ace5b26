package io.github.tornadoserver.sample.webflux;

import io.github.tornadoserver.httputil.HTTPServerRequest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Any method on {@code /echo} and below: describes the request as JSON ({@link EchoDescription}).
 *
 * <p>Everything comes from Spring's request API, as a WebFlux application sees it, except the two
 * facts that API does not carry: the HTTP version and the request target exactly as sent. Those are
 * read from the server's own request when it is tornado-server's {@link HTTPServerRequest}; on
 * another server the version is null and the target is rebuilt from the raw path and query.
 *
 * <p>The body is read as the application would read it, buffer by buffer as the server delivers it,
 * and only its length and SHA-256 are kept: any size is echoed in constant memory.
 */
@Component
final class EchoHandler {

  Mono<ServerResponse> handle(ServerRequest request) {
    ServerHttpRequest http = request.exchange().getRequest();
    return request
        .bodyToFlux(DataBuffer.class)
        .collect(BodyDigest::new, BodyDigest::add)
        .map(body -> describe(http, body))
        .flatMap(
            description ->
                ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(description));
  }

  static EchoDescription describe(ServerHttpRequest request, BodyDigest body) {
    URI uri = request.getURI();
    String path = uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    HTTPServerRequest tornado = tornadoRequest(request);
    return new EchoDescription(
        request.getMethod().name(),
        tornado != null ? tornado.uri() : query.isEmpty() ? path : path + "?" + query,
        path,
        query,
        tornado != null ? tornado.version() : null,
        remoteIp(request),
        uri.getScheme(),
        host(request, tornado),
        pairs(request.getHeaders()),
        body.length(),
        body.sha256());
  }

  /** tornado-server's own request under Spring's, or null on another server. */
  private static HTTPServerRequest tornadoRequest(ServerHttpRequest request) {
    Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
    return nativeRequest instanceof HTTPServerRequest tornado ? tornado : null;
  }

  private static String remoteIp(ServerHttpRequest request) {
    InetSocketAddress remote = request.getRemoteAddress();
    return remote == null || remote.getAddress() == null
        ? ""
        : remote.getAddress().getHostAddress();
  }

  private static String host(ServerHttpRequest request, HTTPServerRequest tornado) {
    if (tornado != null) {
      return tornado.host();
    }
    String host = request.getHeaders().getFirst(HttpHeaders.HOST);
    return host != null ? host : request.getURI().getRawAuthority();
  }

  /** The headers as name and value pairs: a name's values together, names in Spring's order. */
  private static List<List<String>> pairs(HttpHeaders headers) {
    List<List<String>> pairs = new ArrayList<>();
    headers.forEach((name, values) -> values.forEach(value -> pairs.add(List.of(name, value))));
    return pairs;
  }
}
