package io.github.tornadoserver.sample;

import io.github.tornadoserver.httputil.HTTPServerRequest;
import io.github.tornadoserver.spring.http.Exchange;
import io.github.tornadoserver.spring.http.RequestHandler;
import io.github.tornadoserver.spring.http.Route;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Any method on {@code /echo} and below: describes the request as JSON, exactly as the server read
 * it. The headers come in received order with their names as sent; the body is summarised by its
 * length and SHA-256 after the transfer coding (and, with {@code decompress-request}, gzip) was
 * removed.
 */
@Component
@Route({"/echo", "/echo/**"})
final class EchoHandler implements RequestHandler {

  @Override
  public void handle(Exchange exchange) {
    exchange.respond(200, "application/json", describe(exchange.request()) + "\n");
  }

  static String describe(HTTPServerRequest request) {
    Json json = new Json().beginObject();
    json.name("method").value(request.method());
    json.name("uri").value(request.uri());
    json.name("path").value(request.path());
    json.name("query").value(request.query());
    json.name("version").value(request.version());
    json.name("remote_ip").value(request.remoteIp());
    json.name("protocol").value(request.protocol());
    json.name("host").value(request.host());
    json.name("headers").beginArray();
    for (Map.Entry<String, String> field : request.headers().getAll()) {
      json.beginArray().value(field.getKey()).value(field.getValue()).endArray();
    }
    json.endArray();
    json.name("body_len").value(request.body().length);
    json.name("body_sha256").value(sha256(request.body()));
    return json.endObject().toString();
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
