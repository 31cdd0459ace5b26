package io.github.tornadoserver.sample;

import io.github.tornadoserver.httputil.HTTPFile;
import io.github.tornadoserver.httputil.HTTPInputException;
import io.github.tornadoserver.httputil.HTTPServerRequest;
import io.github.tornadoserver.spring.http.Exchange;
import io.github.tornadoserver.spring.http.RequestHandler;
import io.github.tornadoserver.spring.http.Route;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code POST /form}: the arguments of a form body ({@code application/x-www-form-urlencoded} or
 * {@code multipart/form-data}) as JSON, with each file's name, type and size. A body that cannot be
 * parsed makes {@code bodyArguments()} throw, and the starter answers 400.
 */
@Component
@Route(path = "/form", methods = "POST")
final class FormHandler implements RequestHandler {

  @Override
  public void handle(Exchange exchange) throws HTTPInputException {
    exchange.respond(200, "application/json", describe(exchange.request()) + "\n");
  }

  static String describe(HTTPServerRequest request) throws HTTPInputException {
    Json json = new Json().beginObject();
    json.name("arguments").beginObject();
    for (Map.Entry<String, List<String>> argument : request.bodyArguments().entrySet()) {
      json.name(argument.getKey()).beginArray();
      argument.getValue().forEach(json::value);
      json.endArray();
    }
    json.endObject();
    json.name("files").beginObject();
    for (Map.Entry<String, List<HTTPFile>> field : request.files().entrySet()) {
      json.name(field.getKey()).beginArray();
      for (HTTPFile file : field.getValue()) {
        json.beginObject();
        json.name("filename").value(file.filename());
        json.name("content_type").value(file.contentType());
        json.name("size").value(file.body().length);
        json.endObject();
      }
      json.endArray();
    }
    json.endObject();
    return json.endObject().toString();
  }
}
