package io.github.tornadoserver.httputil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.testing.LogCapture;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class HTTPServerRequestTest {

  private static final RequestContext CONTEXT =
      new RequestContext(new InetSocketAddress("10.0.0.1", 5555), "10.0.0.1", "http", List.of());

  private static HTTPServerRequest request(String uri, HTTPHeaders headers, String body) {
    return new HTTPServerRequest(
        new RequestStartLine("GET", uri, "HTTP/1.1"),
        headers,
        body == null ? null : body.getBytes(StandardCharsets.ISO_8859_1),
        CONTEXT,
        null);
  }

  private static HTTPHeaders headers(String... namesAndValues) {
    HTTPHeaders h = new HTTPHeaders();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      h.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return h;
  }

  private static HTTPServerRequest forwarded(
      String uri, String hostHeader, String scheme, String host, int port, String prefix) {
    RequestContext context =
        CONTEXT.withProxy("10.0.0.1", scheme).withForwarded(host, port, prefix);
    return new HTTPServerRequest(
        new RequestStartLine("GET", uri, "HTTP/1.1"),
        headers("Host", hostHeader),
        null,
        context,
        null);
  }

  @Test
  void withoutForwardingThePortIsTheHostsOrTheSchemesDefault() {
    assertThat(request("/", headers("Host", "example.com:8080"), null).port()).isEqualTo(8080);
    assertThat(request("/", headers("Host", "[::1]:9000"), null).port()).isEqualTo(9000);
    assertThat(request("/", headers("Host", "example.com"), null).port()).isEqualTo(80);
    assertThat(forwarded("/", "example.com", "https", null, -1, "").port()).isEqualTo(443);
    assertThat(request("/", headers("Host", "example.com"), null).forwardedPrefix()).isEmpty();
  }

  @Test
  void aForwardedHostPortAndPrefixAreWhatTheClientUsed() {
    HTTPServerRequest r = forwarded("/a?b=1", "backend:8080", "https", "shop.example", 8443, "/s");
    assertThat(r.host()).isEqualTo("shop.example:8443");
    assertThat(r.hostName()).isEqualTo("shop.example");
    assertThat(r.port()).isEqualTo(8443);
    assertThat(r.forwardedPrefix()).isEqualTo("/s");
    assertThat(r.path()).isEqualTo("/a");
    assertThat(r.fullUrl()).isEqualTo("https://shop.example:8443/s/a?b=1");
  }

  @Test
  void aForwardedPortThatIsTheSchemesDefaultIsLeftOutOfTheHost() {
    HTTPServerRequest r = forwarded("/", "backend:8080", "https", "shop.example:9999", 443, "");
    assertThat(r.host()).isEqualTo("shop.example");
    assertThat(r.port()).isEqualTo(443);
    assertThat(r.fullUrl()).isEqualTo("https://shop.example/");
  }

  @Test
  void aForwardedPortAloneReplacesThePortOfTheHostField() {
    HTTPServerRequest r = forwarded("/", "[::1]:8080", "http", null, 8000, "");
    assertThat(r.host()).isEqualTo("[::1]:8000");
    assertThat(r.port()).isEqualTo(8000);
  }

  @Test
  void aForwardedHostWithAPortGivesThatPort() {
    HTTPServerRequest r = forwarded("/", "backend", "http", "[2001:db8::5]:8443", -1, "");
    assertThat(r.host()).isEqualTo("[2001:db8::5]:8443");
    assertThat(r.hostName()).isEqualTo("2001:db8::5");
    assertThat(r.port()).isEqualTo(8443);
  }

  @Test
  void originFormTargetSplitsAtTheFirstQuestionMark() {
    HTTPServerRequest r = request("/a/b?x=1?y&z", headers("Host", "example.com"), null);
    assertThat(r.path()).isEqualTo("/a/b");
    assertThat(r.query()).isEqualTo("x=1?y&z");
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.version()).isEqualTo("HTTP/1.1");
    assertThat(r.body()).isEmpty();
    assertThat(r.remoteIp()).isEqualTo("10.0.0.1");
    assertThat(r.protocol()).isEqualTo("http");
    assertThat(r.supportsHttp11()).isTrue();
  }

  @Test
  void doubleSlashPathIsAPathNotAnAuthority() {
    HTTPServerRequest r = request("//doubleslash", headers("Host", "h"), null);
    assertThat(r.path()).isEqualTo("//doubleslash");
    assertThat(r.host()).isEqualTo("h");
  }

  @Test
  void absoluteFormTargetGivesPathQueryAndHostFromTheTarget() {
    HTTPServerRequest r =
        request("http://Target.example:81/p/q?a=1", headers("Host", "ignored.example"), null);
    assertThat(r.path()).isEqualTo("/p/q");
    assertThat(r.query()).isEqualTo("a=1");
    assertThat(r.host()).isEqualTo("Target.example:81");
    assertThat(r.hostName()).isEqualTo("target.example");
    assertThat(r.fullUrl()).isEqualTo("http://Target.example:81/p/q?a=1");
  }

  @Test
  void absoluteFormWithEmptyPathHasRootPath() {
    HTTPServerRequest r = request("https://h.example?x", headers(), null);
    assertThat(r.path()).isEqualTo("/");
    assertThat(r.query()).isEqualTo("x");
    assertThat(r.host()).isEqualTo("h.example");
    HTTPServerRequest bare = request("http://user@h.example", headers(), null);
    assertThat(bare.path()).isEqualTo("/");
    assertThat(bare.host()).isEqualTo("h.example");
  }

  @Test
  void hostNameDropsThePortAndIpv6Brackets() {
    assertThat(request("/", headers("Host", "example.com:8080"), null).hostName())
        .isEqualTo("example.com");
    HTTPServerRequest v6 = request("/", headers("Host", "[::1]:8080"), null);
    assertThat(v6.host()).isEqualTo("[::1]:8080");
    assertThat(v6.hostName()).isEqualTo("::1");
    assertThat(request("/", headers("Host", "EXAMPLE.com"), null).hostName())
        .isEqualTo("example.com");
  }

  @Test
  void missingOrEmptyHostFallsBackToLoopback() {
    assertThat(request("/", headers(), null).host()).isEqualTo("127.0.0.1");
    assertThat(request("/", headers("Host", ""), null).host()).isEqualTo("127.0.0.1");
    assertThat(request("/", headers(), null).hostName()).isEqualTo("127.0.0.1");
  }

  @Test
  void queryAndFormBodyArgumentsMergeQueryFirst() throws Exception {
    HTTPServerRequest r =
        request(
            "/?a=1&b=&a=2",
            headers("Content-Type", "application/x-www-form-urlencoded"),
            "a=3&c=%C3%A9");
    assertThat(r.queryArguments())
        .containsExactly(Map.entry("a", List.of("1", "2")), Map.entry("b", List.of("")));
    assertThat(r.bodyArguments())
        .containsExactly(Map.entry("a", List.of("3")), Map.entry("c", List.of("\u00e9")));
    assertThat(r.arguments())
        .containsExactly(
            Map.entry("a", List.of("1", "2", "3")),
            Map.entry("b", List.of("")),
            Map.entry("c", List.of("\u00e9")));
    assertThat(r.files()).isEmpty();
    assertThatThrownBy(() -> r.arguments().put("x", List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void multipartBodyGivesArgumentsAndFiles() throws Exception {
    String body =
        "--xyz\r\n"
            + "Content-Disposition: form-data; name=\"field\"\r\n\r\n"
            + "value\r\n"
            + "--xyz\r\n"
            + "Content-Disposition: form-data; name=\"up\"; filename=\"a.txt\"\r\n"
            + "Content-Type: text/plain\r\n\r\n"
            + "hello\r\n"
            + "--xyz--\r\n";
    HTTPServerRequest r =
        request("/?field=q", headers("Content-Type", "multipart/form-data; boundary=xyz"), body);
    assertThat(r.arguments()).containsExactly(Map.entry("field", List.of("q", "value")));
    assertThat(r.files().get("up"))
        .containsExactly(
            new HTTPFile("a.txt", "hello".getBytes(StandardCharsets.US_ASCII), "text/plain"));
  }

  @Test
  void aMalformedBodyFailsEveryCallThatNeedsItNamingWhatWasWrong() {
    String body =
        "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n"; // no final
    // delimiter
    HTTPServerRequest r =
        request("/?q=1", headers("Content-Type", "multipart/form-data; boundary=xyz"), body);
    assertThatThrownBy(r::bodyArguments)
        .isInstanceOf(HTTPInputException.class)
        .hasMessageContaining("multipart/form-data");
    assertThatThrownBy(r::bodyArguments).isInstanceOf(HTTPInputException.class);
    assertThatThrownBy(r::files).isInstanceOf(HTTPInputException.class);
    assertThatThrownBy(r::arguments).isInstanceOf(HTTPInputException.class);
    assertThat(r.queryArguments()).containsExactly(Map.entry("q", List.of("1")));
    assertThat(LogCapture.events()).isEmpty();
  }

  @Test
  void aMalformedFormBodyFailsToo() {
    HTTPServerRequest r =
        request(
            "/",
            headers(
                "Content-Type", "application/x-www-form-urlencoded", "Content-Encoding", "gzip"),
            "a=1");
    assertThatThrownBy(r::bodyArguments)
        .isInstanceOf(HTTPInputException.class)
        .hasMessageContaining("Content-Encoding");
  }

  @Test
  void anEmptyFormBodyHasNoArgumentsAndNoFailure() throws Exception {
    HTTPServerRequest r =
        request("/", headers("Content-Type", "application/x-www-form-urlencoded"), "");
    assertThat(r.bodyArguments()).isEmpty();
    assertThat(r.files()).isEmpty();
  }

  @Test
  void otherContentTypesGiveNoBodyArguments() throws Exception {
    HTTPServerRequest r = request("/", headers("Content-Type", "application/json"), "{\"a\":1}");
    assertThat(r.bodyArguments()).isEmpty();
    assertThat(r.body()).hasSize(7);
  }

  @Test
  void cookiesComeFromEveryCookieField() {
    HTTPServerRequest r =
        request("/", headers("Cookie", "a=1; b=\"two\"", "Cookie", "c=3; a=ignored"), null);
    assertThat(r.cookies())
        .containsExactly(Map.entry("a", "1"), Map.entry("b", "two"), Map.entry("c", "3"));
    assertThat(request("/", headers(), null).cookies()).isEmpty();
  }

  @Test
  void fullUrlJoinsProtocolHostAndUri() {
    assertThat(request("/p?q=1", headers("Host", "example.com:8080"), null).fullUrl())
        .isEqualTo("http://example.com:8080/p?q=1");
    HTTPServerRequest tls =
        new HTTPServerRequest(
            new RequestStartLine("GET", "/", "HTTP/1.0"),
            headers(),
            null,
            CONTEXT.withProxy("1.2.3.4", "https"),
            null);
    assertThat(tls.fullUrl()).isEqualTo("https://127.0.0.1/");
    assertThat(tls.supportsHttp11()).isFalse();
    assertThat(tls.remoteIp()).isEqualTo("1.2.3.4");
  }

  /** Lets {@code time} pass: a timed wait on a latch that nobody counts down. */
  private static void letPass(Duration time) throws InterruptedException {
    long end = System.nanoTime() + time.toNanos();
    for (long left = time.toNanos(); left > 0; left = end - System.nanoTime()) {
      new CountDownLatch(1).await(left, TimeUnit.NANOSECONDS);
    }
  }

  @Test
  void requestTimeStopsWhenFinished() throws InterruptedException {
    HTTPServerRequest r = request("/", headers(), null);
    letPass(Duration.ofMillis(5));
    assertThat(r.requestTime()).isGreaterThanOrEqualTo(Duration.ofMillis(5));
    r.markFinished();
    Duration done = r.requestTime();
    letPass(Duration.ofMillis(5));
    r.markFinished();
    assertThat(r.requestTime()).isEqualTo(done);
    assertThat(r.startTime()).isLessThanOrEqualTo(System.nanoTime());
  }

  @Test
  void concurrentFinishesRecordOneTime() throws Exception {
    // Two threads finish each request together: each waits, spinning, for the other to reach the
    // same request, so that their calls overlap. With a check and a separate write instead of one
    // compare-and-set, each would now and then record its own time.
    int rounds = 5_000;
    HTTPServerRequest[] requests = new HTTPServerRequest[rounds];
    for (int i = 0; i < rounds; i++) {
      requests[i] = request("/", headers(), null);
    }
    long[][] seen = new long[2][rounds];
    AtomicIntegerArray reached = new AtomicIntegerArray(2);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int self = t;
        workers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < rounds; i++) {
                    reached.set(self, i + 1);
                    for (int spins = 0; reached.get(1 - self) < i + 1; spins++) {
                      if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the other thread stopped at " + i);
                      }
                      if (spins < 100) {
                        Thread.onSpinWait();
                      } else {
                        Thread.yield(); // a busy machine: let the other thread run
                      }
                    }
                    requests[i].markFinished();
                    seen[self][i] = requests[i].requestTime().toNanos();
                  }
                  return null;
                }));
      }
      for (Future<?> worker : workers) {
        worker.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (int i = 0; i < rounds; i++) {
      assertThat(seen[1][i]).as("request %d", i).isEqualTo(seen[0][i]).isNotNegative();
      assertThat(requests[i].requestTime().toNanos()).isEqualTo(seen[0][i]);
    }
  }

  @Test
  void anUnfinishedRequestTimeKeepsGrowing() throws InterruptedException {
    HTTPServerRequest r = request("/", headers(), null);
    Duration before = r.requestTime();
    letPass(Duration.ofMillis(2));
    assertThat(r.requestTime()).isGreaterThanOrEqualTo(before.plusMillis(2));
  }

  @Test
  void toStringNamesTheRequestButNeverTheBody() {
    HTTPServerRequest r =
        request("/x", headers("Host", "h", "Authorization", "Basic c2VjcmV0"), "secret-body");
    assertThat(r.toString())
        .contains("GET", "/x", "HTTP/1.1", "10.0.0.1")
        .doesNotContain("secret-body", "c2VjcmV0");
  }

  @Test
  void respondWritesHeadersWithContentLengthThenFinishes() {
    RecordingConnection conn = new RecordingConnection();
    HTTPServerRequest r =
        new HTTPServerRequest(
            new RequestStartLine("GET", "/", "HTTP/1.1"), headers(), null, CONTEXT, conn);
    HTTPHeaders h = headers("Content-Type", "text/plain");
    CompletableFuture<Void> f = r.respond(200, h, "hi".getBytes(StandardCharsets.US_ASCII));
    assertThat(f).isCompleted();
    assertThat(conn.calls).containsExactly("writeHeaders HTTP/1.1 200 OK [2] hi", "finish");
    assertThat(conn.headers.get("Content-Length")).isEqualTo("2");
    assertThat(conn.headers.get("Content-Type")).isEqualTo("text/plain");
    assertThat(h.contains("Content-Length")).as("caller's headers untouched").isFalse();
  }

  @Test
  void respondKeepsFramingTheCallerChose() {
    RecordingConnection conn = new RecordingConnection();
    HTTPServerRequest r =
        new HTTPServerRequest(
            new RequestStartLine("GET", "/", "HTTP/1.1"), headers(), null, CONTEXT, conn);
    r.respond(200, headers("Transfer-Encoding", "chunked"), new byte[] {'x'});
    assertThat(conn.headers.contains("Content-Length")).isFalse();
    conn.calls.clear();
    r.respond(204, null, null);
    assertThat(conn.calls).containsExactly("writeHeaders HTTP/1.1 204 No Content [0] ", "finish");
    assertThat(conn.headers.contains("Content-Length")).isFalse();
    assertThatThrownBy(() -> r.respond(304, null, new byte[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void respondWithoutConnectionFails() {
    assertThatThrownBy(() -> request("/", headers(), null).respond(200, null, null))
        .isInstanceOf(IllegalStateException.class);
  }

  /** Records the calls made on it; every write completes at once. */
  private static final class RecordingConnection implements HTTPConnection {
    final List<String> calls = new ArrayList<>();
    HTTPHeaders headers;

    @Override
    public CompletableFuture<Void> writeHeaders(
        ResponseStartLine startLine, HTTPHeaders headers, ByteBuffer chunk) {
      this.headers = headers;
      String data =
          chunk == null ? "" : StandardCharsets.ISO_8859_1.decode(chunk.duplicate()).toString();
      calls.add("writeHeaders " + startLine + " [" + data.length() + "] " + data);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> write(ByteBuffer chunk) {
      calls.add("write");
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> finish() {
      calls.add("finish");
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public IOStream detach() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void setMaxBodySize(long maxBodySize) {}

    @Override
    public void setBodyTimeout(Duration bodyTimeout) {}

    @Override
    public RequestContext context() {
      return CONTEXT;
    }

    @Override
    public CompletionStage<Void> whenClosed() {
      return new CompletableFuture<>();
    }
  }
}
