package io.github.tornadoserver.httpserver;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPMessageDelegate;
import io.github.tornadoserver.httputil.HTTPServerConnectionDelegate;
import io.github.tornadoserver.httputil.HTTPServerRequest;
import io.github.tornadoserver.httputil.RejectionBody;
import io.github.tornadoserver.httputil.RejectionReason;
import io.github.tornadoserver.httputil.RequestStartLine;
import io.github.tornadoserver.httputil.ResponseStartLine;
import io.github.tornadoserver.testing.Loops;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** Response compression on a real server: what is gzipped, what is not, and what it says. */
class CompressionTest extends HTTPServerTestSupport {
  private static final String BIG = "tornado ".repeat(512); // 4 KiB, compresses well

  /** Answers every request with {@code status}, {@code headers} and {@code body}. */
  private int serve(Compression compression, int status, Map<String, String> headers, String body) {
    return serve(
        compression,
        request -> {
          HTTPHeaders out = new HTTPHeaders();
          headers.forEach(out::add);
          request.respond(status, out, body.getBytes(ISO_8859_1));
        });
  }

  private int serve(Compression compression, Consumer<HTTPServerRequest> handler) {
    return start(HTTPServer.builder(handler).compression(compression));
  }

  private static RawClient.Response send(int port, String method, String... headerLines)
      throws IOException {
    StringBuilder request = new StringBuilder(method + " / HTTP/1.1\r\nHost: localhost\r\n");
    for (String line : headerLines) {
      request.append(line).append("\r\n");
    }
    try (RawClient client = new RawClient(port)) {
      return client.send(request.append("\r\n").toString()).read(method.equals("HEAD"));
    }
  }

  private static RawClient.Response get(int port, String... headerLines) throws IOException {
    return send(port, "GET", headerLines);
  }

  private static String gunzip(String body) {
    try (GZIPInputStream in =
        new GZIPInputStream(new ByteArrayInputStream(body.getBytes(ISO_8859_1)))) {
      return new String(in.readAllBytes(), ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final Map<String, String> TEXT =
      Map.of("Content-Type", "text/plain; charset=utf-8");

  @Test
  void isOffByDefault() throws IOException {
    int port = start(HTTPServer.builder(request -> request.respond(200, headers(TEXT), big())));

    RawClient.Response response = get(port, "Accept-Encoding: gzip");

    assertThat(response.header("Content-Encoding")).isNull();
    assertThat(response.header("Vary")).isNull();
    assertThat(response.body()).isEqualTo(BIG);
  }

  @Test
  void gzipsAWholeBodyAboveTheMinimumAndKeepsItsLengthCompressed() throws IOException {
    int port = serve(Compression.defaults(), 200, TEXT, BIG);

    RawClient.Response response = get(port, "Accept-Encoding: gzip, deflate, br");

    assertThat(response.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(response.header("Vary")).isEqualTo("Accept-Encoding");
    assertThat(response.header("Transfer-Encoding")).isNull();
    assertThat(Integer.parseInt(response.header("Content-Length")))
        .isEqualTo(response.body().length())
        .isLessThan(BIG.length() / 4);
    assertThat(gunzip(response.body())).isEqualTo(BIG);
  }

  @Test
  void sendsABodyBelowTheMinimumAsWrittenWithoutVary() throws IOException {
    int port = serve(Compression.defaults(), 200, TEXT, "small");

    RawClient.Response response = get(port, "Accept-Encoding: gzip");

    assertThat(response.header("Content-Encoding")).isNull();
    assertThat(response.header("Vary")).isNull();
    assertThat(response.body()).isEqualTo("small");
  }

  @Test
  void honoursAConfiguredMinimum() throws IOException {
    int port = serve(Compression.defaults().withMinResponseSize(5), 200, TEXT, "small");

    RawClient.Response response = get(port, "Accept-Encoding: gzip");

    assertThat(response.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(gunzip(response.body())).isEqualTo("small");
  }

  @Test
  void leavesATypeOutsideTheListAlone() throws IOException {
    int port = serve(Compression.defaults(), 200, Map.of("Content-Type", "image/png"), BIG);

    RawClient.Response response = get(port, "Accept-Encoding: gzip");

    assertThat(response.header("Content-Encoding")).isNull();
    assertThat(response.header("Vary")).isNull();
    assertThat(response.body()).isEqualTo(BIG);
  }

  @Test
  void compressesAConfiguredTypeAndEverySubtypeOfAWildcard() throws IOException {
    Compression svg = Compression.defaults().withMimeTypes(Set.of("image/*"));
    int port = serve(svg, 200, Map.of("Content-Type", "image/svg+xml"), BIG);

    assertThat(get(port, "Accept-Encoding: gzip").header("Content-Encoding")).isEqualTo("gzip");
  }

  @Test
  void leavesAResponseWithoutContentTypeAlone() throws IOException {
    int port = serve(Compression.defaults(), 200, Map.of(), BIG);

    assertThat(get(port, "Accept-Encoding: gzip").header("Content-Encoding")).isNull();
  }

  @Test
  void sendsIdentityWithVaryToAClientThatDoesNotAcceptGzip() throws IOException {
    int port = serve(Compression.defaults(), 200, TEXT, BIG);

    for (String refusal :
        new String[] {null, "Accept-Encoding: gzip;q=0, deflate", "Accept-Encoding: br"}) {
      RawClient.Response response = refusal == null ? get(port) : get(port, refusal);

      assertThat(response.header("Content-Encoding")).as(refusal).isNull();
      assertThat(response.header("Vary")).as(refusal).isEqualTo("Accept-Encoding");
      assertThat(response.body()).as(refusal).isEqualTo(BIG);
    }
  }

  @Test
  void takesAWildcardWithWeight() throws IOException {
    int port = serve(Compression.defaults(), 200, TEXT, BIG);

    assertThat(get(port, "Accept-Encoding: *;q=0.5").header("Content-Encoding")).isEqualTo("gzip");
    assertThat(get(port, "Accept-Encoding: *, gzip;q=0").header("Content-Encoding")).isNull();
  }

  @Test
  void neverCompressesTheAnswerToHead() throws IOException {
    int port = serve(Compression.defaults(), 200, TEXT, BIG);

    RawClient.Response response = send(port, "HEAD", "Accept-Encoding: gzip");

    assertThat(response.header("Content-Encoding")).isNull();
    assertThat(response.header("Content-Length")).isEqualTo(String.valueOf(BIG.length()));
  }

  @Test
  void neverCompresses204Or304() throws IOException {
    for (int status : new int[] {204, 304}) {
      int port = serve(Compression.defaults().withMinResponseSize(0), status, TEXT, "");

      RawClient.Response response = get(port, "Accept-Encoding: gzip");

      assertThat(response.status()).isEqualTo(status);
      assertThat(response.header("Content-Encoding")).isNull();
      assertThat(response.header("Vary")).isNull();
      server.stop();
      server.closeAllConnections();
    }
  }

  @Test
  void leavesAResponseThatIsAlreadyEncodedAlone() throws IOException {
    int port =
        serve(
            Compression.defaults(),
            200,
            Map.of("Content-Type", "text/plain", "Content-Encoding", "br"),
            BIG);

    RawClient.Response response = get(port, "Accept-Encoding: gzip, br");

    assertThat(response.header("Content-Encoding")).isEqualTo("br");
    assertThat(response.body()).isEqualTo(BIG);
  }

  @Test
  void leavesARangeAlone() throws IOException {
    int port =
        serve(
            Compression.defaults(),
            206,
            Map.of("Content-Type", "text/plain", "Content-Range", "bytes 0-4095/8192"),
            BIG);

    RawClient.Response response = get(port, "Accept-Encoding: gzip");

    assertThat(response.header("Content-Encoding")).isNull();
    assertThat(response.body()).isEqualTo(BIG);
  }

  @Test
  void leavesAnExcludedUserAgentWithVary() throws IOException {
    Compression compression = Compression.defaults().withExcludedUserAgents(Set.of("OldBrowser/1"));
    int port = serve(compression, 200, TEXT, BIG);

    RawClient.Response old = get(port, "Accept-Encoding: gzip", "User-Agent: OldBrowser/1");
    RawClient.Response other = get(port, "Accept-Encoding: gzip", "User-Agent: NewBrowser/2");

    assertThat(old.header("Content-Encoding")).isNull();
    assertThat(old.header("Vary")).isEqualTo("Accept-Encoding");
    assertThat(other.header("Content-Encoding")).isEqualTo("gzip");
  }

  @Test
  void mergesAcceptEncodingIntoAnExistingVary() throws IOException {
    int port =
        serve(
            Compression.defaults(),
            200,
            Map.of("Content-Type", "text/html", "Vary", "Origin"),
            BIG);

    RawClient.Response response = get(port, "Accept-Encoding: gzip");

    assertThat(response.count("Vary")).isEqualTo(1);
    assertThat(response.header("Vary")).isEqualTo("Origin, Accept-Encoding");
  }

  @Test
  void doesNotRepeatAcceptEncodingInVary() throws IOException {
    int port =
        serve(
            Compression.defaults(),
            200,
            Map.of("Content-Type", "text/html", "Vary", "accept-encoding"),
            BIG);

    assertThat(get(port, "Accept-Encoding: gzip").header("Vary")).isEqualTo("accept-encoding");
  }

  @Test
  void gzipsAStreamedResponseChunkByChunk() throws IOException {
    int port =
        serve(
            Compression.defaults(),
            request -> {
              HTTPHeaders headers = headers(Map.of("Content-Type", "application/json"));
              request.connection().writeHeaders(ResponseStartLine.of(200), headers, null);
              for (int i = 0; i < 50; i++) {
                String piece = "{\"chunk\":" + i + ",\"text\":\"" + "x".repeat(i * 37) + "\"}\n";
                request.connection().write(ByteBuffer.wrap(piece.getBytes(ISO_8859_1)));
              }
              request.connection().finish();
            });

    RawClient.Response response = get(port, "Accept-Encoding: gzip");

    assertThat(response.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(response.header("Content-Length")).isNull();
    String text = gunzip(response.body());
    assertThat(text.split("\n")).hasSize(50);
    assertThat(text).startsWith("{\"chunk\":0,").contains("{\"chunk\":49,\"text\":\"xxx");
  }

  @Test
  void sendsEachStreamedWriteWithoutWaitingForTheNext() throws IOException {
    CompletableFuture<HTTPServerRequest> held = new CompletableFuture<>();
    int port =
        serve(
            Compression.defaults(),
            request -> {
              request.connection().writeHeaders(ResponseStartLine.of(200), headers(TEXT), null);
              request.connection().write(ByteBuffer.wrap("first line\n".getBytes(ISO_8859_1)));
              held.complete(request);
            });
    try (RawClient client = new RawClient(port)) {
      client.send(GET.replace("\r\n\r\n", "\r\nAccept-Encoding: gzip\r\n\r\n"));
      InputStream in = client.socket.getInputStream();
      byte[] seen = new byte[4096];
      int n = 0;
      String text = "";
      // The head, then a chunk that inflates to the whole first line, before any finish.
      while (!text.contains("first line") && n < seen.length) {
        int got = in.read(seen, n, seen.length - n);
        assertThat(got).isPositive();
        n += got;
        text = inflateChunks(new String(seen, 0, n, ISO_8859_1));
      }
      assertThat(text).isEqualTo("first line\n");
    }
    HTTPServerRequest request = held.join();
    Loops.run(loop, () -> request.connection().finish());
  }

  /** Inflates what arrived so far of a chunked gzip body (sync-flushed: no trailer yet). */
  private static String inflateChunks(String raw) {
    int body = raw.indexOf("\r\n\r\n");
    if (body < 0) {
      return "";
    }
    StringBuilder gz = new StringBuilder();
    int at = body + 4;
    while (true) {
      int eol = raw.indexOf("\r\n", at);
      if (eol < 0) {
        break;
      }
      int size = Integer.parseInt(raw.substring(at, eol), 16);
      if (eol + 2 + size > raw.length()) {
        break;
      }
      gz.append(raw, eol + 2, eol + 2 + size);
      at = eol + 4 + size;
    }
    if (gz.length() <= 10) {
      return "";
    }
    Inflater inflater = new Inflater(true);
    inflater.setInput(gz.substring(10).getBytes(ISO_8859_1));
    byte[] out = new byte[4096];
    try {
      int n = inflater.inflate(out);
      return new String(out, 0, n, ISO_8859_1);
    } catch (DataFormatException e) {
      throw new AssertionError(e);
    } finally {
      inflater.end();
    }
  }

  @Test
  void refusesALevelOrSizeOutOfRange() {
    assertThatThrownBy(() -> Compression.defaults().withLevel(10))
        .hasMessage("level: 10 (expected: 1 to 9)");
    assertThatThrownBy(() -> Compression.defaults().withMinResponseSize(-1))
        .hasMessage("minResponseSize: -1 (expected: >= 0)");
  }

  private static HTTPHeaders headers(Map<String, String> fields) {
    HTTPHeaders headers = new HTTPHeaders();
    fields.forEach(headers::add);
    return headers;
  }

  private static byte[] big() {
    return BIG.getBytes(ISO_8859_1);
  }

  @Test
  void theServersRefusalStillCarriesTheBodyTheHandlerChoseWhenCompressionIsOn() throws IOException {
    HTTPServerConnectionDelegate refusing =
        (server, connection) ->
            new HTTPMessageDelegate() {
              @Override
              public CompletionStage<?> headersReceived(RequestStartLine line, HTTPHeaders h) {
                return null;
              }

              @Override
              public void finish() {}

              @Override
              public RejectionBody rejected(int status, RejectionReason reason) {
                return new RejectionBody("text/plain", ("refused " + status).getBytes(ISO_8859_1));
              }
            };
    int port =
        start(HTTPServer.builder(refusing).compression(Compression.defaults()).maxBodySize(10));
    RawClient.Response answer = send(port, "POST", "Content-Length: 100", "Accept-Encoding: gzip");
    assertThat(answer.status()).isEqualTo(413);
    assertThat(answer.body()).isEqualTo("refused 413");
  }
}
