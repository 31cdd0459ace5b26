package io.github.tornadoserver.http1connection;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.httputil.HTTPConnection;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPOutputException;
import io.github.tornadoserver.httputil.ResponseStartLine;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link HTTPConnection#respond}, a whole response in one call, over a memory stream: the HTTP/1
 * connection encodes the {@code Content-Length} with the head instead of copying the headers, and
 * must send exactly the bytes the interface's plain way sends (a copy of the headers with the
 * field, {@code writeHeaders}, then {@code finish}), for every status, method, version and framing.
 */
class WholeResponseTest extends MemoryConnectionTestSupport {
  private static final String BIG = "b".repeat(20_000);

  private MemoryConnection answering(int piece, MemoryConnection.Answer answer) {
    return new MemoryConnection(loop, piece, HTTP1ConnectionParameters.defaults(), answer);
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void theLengthIsAddedAndTheCallersHeadersStayAsTheyWere(int piece) {
    HTTPHeaders headers = new HTTPHeaders();
    headers.add("Content-Type", "text/plain");
    List<CompletableFuture<Void>> results = new ArrayList<>();
    MemoryConnection connection =
        answering(
            piece,
            (request, start, body) ->
                results.add(
                    request.respond(
                        ResponseStartLine.of(200), headers, "hello".getBytes(ISO_8859_1))));
    connection.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n");
    String one = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n";
    assertThat(connection.untilWritten("hello", 2))
        .isEqualTo(one + "Date: *\r\n\r\nhello" + one + "Date: *\r\n\r\nhello");
    assertThat(headers.size()).isEqualTo(1);
    assertThat(results).hasSize(2).allSatisfy(result -> assertThat(result).isCompleted());
    assertThat(connection.pair.peer().closedByStream()).isFalse();
  }

  /** Each case: the request, the status, the caller's headers ("name: value" pairs), the body. */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("GET / HTTP/1.1", 200, List.of("Content-Type: text/plain"), "hello"),
        Arguments.of("GET / HTTP/1.1", 200, List.of(), null),
        Arguments.of("GET / HTTP/1.1", 200, null, ""),
        Arguments.of("GET / HTTP/1.1", 404, List.of("X-A: 1", "X-B: 2"), "not here"),
        Arguments.of("GET / HTTP/1.1", 200, List.of(), BIG),
        Arguments.of("HEAD / HTTP/1.1", 200, List.of(), "hello"),
        Arguments.of("GET / HTTP/1.1", 204, List.of(), null),
        Arguments.of("GET / HTTP/1.1", 304, List.of("ETag: \"x\""), null),
        Arguments.of("GET / HTTP/1.1", 200, List.of("Content-Length: 5"), "hello"),
        Arguments.of("GET / HTTP/1.1", 200, List.of("Transfer-Encoding: chunked"), "5\r\nhello"),
        Arguments.of("GET / HTTP/1.1", 200, List.of("Connection: close"), "bye"),
        Arguments.of("GET / HTTP/1.0", 200, List.of(), "old"),
        Arguments.of("GET / HTTP/1.0\r\nConnection: keep-alive", 200, List.of(), "kept"),
        Arguments.of("GET / HTTP/1.1", 200, List.of("Date: Mon, 07 Dec 2026 00:00:00 GMT"), "d"));
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @MethodSource("cases")
  void theBytesAreThoseOfTheHeadersWithTheLengthThenFinish(
      String request, int status, List<String> fields, String body) {
    String fast = exchange(request, status, fields, body, false);
    String plain = exchange(request, status, fields, body, true);
    assertThat(fast).isEqualTo(plain).startsWith("HTTP/1.1 " + status + " ");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 7, WHOLE})
  void aBodyLongerThanTheCallersLengthFailsTheResponseAndClosesTheConnection(int piece) {
    List<CompletableFuture<Void>> results = new ArrayList<>();
    MemoryConnection connection =
        answering(
            piece,
            (request, start, body) -> {
              HTTPHeaders headers = new HTTPHeaders();
              headers.add("Content-Length", "3");
              results.add(
                  request.respond(
                      ResponseStartLine.of(200), headers, "hello".getBytes(ISO_8859_1)));
            });
    connection.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    connection.untilClosed();
    assertThat(results).hasSize(1);
    assertThat(results.get(0))
        .isCompletedExceptionally()
        .failsWithin(Duration.ZERO)
        .withThrowableThat()
        .withCauseInstanceOf(HTTPOutputException.class)
        .withMessageContaining("Content-Length");
  }

  /**
   * What a connection given {@code request} writes for a response of {@code status}, {@code fields}
   * and {@code body}, answered with {@code respond} or, when {@code plain}, through the interface's
   * own default of it.
   */
  private String exchange(
      String request, int status, List<String> fields, String body, boolean plain) {
    MemoryConnection connection =
        answering(
            WHOLE,
            (http, start, ignored) -> {
              HTTPHeaders headers = fields == null ? null : headers(fields);
              HTTPConnection target = plain ? plain(http) : http;
              target.respond(
                  ResponseStartLine.of(status),
                  headers,
                  body == null ? null : body.getBytes(ISO_8859_1));
            });
    connection.send(request + "\r\nHost: x\r\n\r\n");
    connection.untilIdle();
    return connection.written();
  }

  private static HTTPHeaders headers(List<String> fields) {
    HTTPHeaders headers = new HTTPHeaders();
    for (String field : fields) {
      int colon = field.indexOf(':');
      headers.add(field.substring(0, colon), field.substring(colon + 2));
    }
    return headers;
  }

  /**
   * {@code connection} seen through the interface alone: its own methods, except that the
   * interface's default ones (such as {@code respond}) run as the interface writes them.
   */
  private static HTTPConnection plain(HTTPConnection connection) {
    InvocationHandler calls =
        (proxy, method, args) ->
            method.isDefault()
                ? InvocationHandler.invokeDefault(proxy, method, args)
                : method.invoke(connection, args);
    return (HTTPConnection)
        Proxy.newProxyInstance(
            HTTPConnection.class.getClassLoader(), new Class<?>[] {HTTPConnection.class}, calls);
  }
}
