package io.github.tornadoserver.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.HttpHandler;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class TornadoHttpHandlerAdapterTest {
  private static final int CHUNK = 64 * 1024;

  private final WebFluxServers servers = new WebFluxServers();

  @AfterEach
  void stop() {
    servers.close();
  }

  private static DataBuffer text(String s) {
    return DefaultDataBufferFactory.sharedInstance.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aResponseCarriesStatusHeadersCookiesAndBody() throws IOException {
    int port =
        servers.start(
            (request, response) -> {
              response.setStatusCode(HttpStatus.CREATED);
              response.getHeaders().add("X-Path", request.getPath().value());
              response.addCookie(
                  org.springframework.http.ResponseCookie.from("k", "v").path("/").build());
              String cookie = request.getCookies().getFirst("c").getValue();
              String remote = request.getRemoteAddress().getAddress().getHostAddress();
              response.getHeaders().add("X-Local", String.valueOf(request.getLocalAddress()));
              return response.writeWith(
                  Mono.just(text(request.getURI() + " " + cookie + " " + remote)));
            });
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response response =
          http.request(
              "GET /a/b?x=1 HTTP/1.1\r\nHost: example.org:81\r\nCookie: c=\"z\"; d=e\r\n\r\n",
              false);
      assertThat(response.status()).isEqualTo(201);
      assertThat(response.header("X-Path")).isEqualTo("/a/b");
      assertThat(response.header("Set-Cookie")).isEqualTo("k=v; Path=/");
      assertThat(response.header("Date")).isNotNull();
      assertThat(response.header("X-Local")).isEqualTo("/127.0.0.1:" + port);
      assertThat(response.text()).isEqualTo("http://example.org:81/a/b?x=1 z 127.0.0.1");
    }
  }

  @Test
  void anEmptyResponseIsSentWhenTheHandlerCompletes() throws IOException {
    int port =
        servers.start(
            (request, response) -> {
              response.setStatusCode(HttpStatus.NO_CONTENT);
              return response.setComplete();
            });
    assertThat(RawHttp.get(port, "/").status()).isEqualTo(204);
  }

  @Test
  void aResponseCompletedWithoutABodySaysItsLengthIsZero() throws IOException {
    int port =
        servers.start(
            (request, response) -> {
              String path = request.getPath().value();
              if (path.equals("/created")) {
                response.setStatusCode(HttpStatus.CREATED);
              } else if (path.equals("/304")) {
                response.setStatusCode(HttpStatus.NOT_MODIFIED);
              }
              return response.setComplete();
            });
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response ok = http.request("GET / HTTP/1.1\r\nHost: x\r\n\r\n", false);
      assertThat(ok.status()).isEqualTo(200);
      assertThat(ok.header("Content-Length")).isEqualTo("0");
      assertThat(ok.header("Transfer-Encoding")).isNull();
      RawHttp.Response created = http.request("POST /created HTTP/1.1\r\nHost: x\r\n\r\n", false);
      assertThat(created.status()).isEqualTo(201);
      assertThat(created.header("Content-Length")).isEqualTo("0");
      RawHttp.Response notModified = http.request("GET /304 HTTP/1.1\r\nHost: x\r\n\r\n", false);
      assertThat(notModified.status()).isEqualTo(304);
      assertThat(notModified.header("Content-Length")).isNull();
      assertThat(notModified.header("Transfer-Encoding")).isNull();
      RawHttp.Response head = http.request("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n", true);
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("Content-Length")).isNull();
      // and the connection is still usable after all of them
      assertThat(http.request("GET / HTTP/1.1\r\nHost: x\r\n\r\n", false).status()).isEqualTo(200);
    }
    try (RawHttp http10 = new RawHttp(port)) {
      // An HTTP/1.0 client can keep its connection only when the length is given.
      RawHttp.Response first =
          http10.request("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", false);
      assertThat(first.header("Content-Length")).isEqualTo("0");
      assertThat(first.header("Connection")).isEqualToIgnoringCase("keep-alive");
      RawHttp.Response second =
          http10.request("GET /created HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", false);
      assertThat(second.status()).isEqualTo(201);
    }
  }

  @Test
  void aTransferEncodingSetByTheApplicationIsTheServersToApply() throws IOException {
    // A proxying application may copy an upstream's Transfer-Encoding: the body it writes is
    // still plain bytes, which the server must frame itself.
    int port =
        servers.start(
            (request, response) -> {
              response.getHeaders().set("Transfer-Encoding", "chunked");
              String path = request.getPath().value();
              if (path.equals("/empty")) {
                return response.setComplete();
              }
              if (path.equals("/sized")) {
                response.getHeaders().setContentLength(5);
              }
              return response.writeWith(Flux.just(text("hel"), text("lo")));
            });
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response streamed = http.request("GET / HTTP/1.1\r\nHost: x\r\n\r\n", false);
      assertThat(streamed.header("Transfer-Encoding")).isEqualTo("chunked");
      assertThat(streamed.text()).isEqualTo("hello");
      RawHttp.Response sized = http.request("GET /sized HTTP/1.1\r\nHost: x\r\n\r\n", false);
      assertThat(sized.header("Transfer-Encoding")).isNull();
      assertThat(sized.header("Content-Length")).isEqualTo("5");
      assertThat(sized.text()).isEqualTo("hello");
      RawHttp.Response empty = http.request("GET /empty HTTP/1.1\r\nHost: x\r\n\r\n", false);
      assertThat(empty.header("Transfer-Encoding")).isNull();
      assertThat(empty.header("Content-Length")).isEqualTo("0");
      // the connection is still in step after the three
      assertThat(http.request("GET / HTTP/1.1\r\nHost: x\r\n\r\n", false).text())
          .isEqualTo("hello");
    }
    try (RawHttp http10 = new RawHttp(port)) {
      RawHttp.Response old = http10.request("GET / HTTP/1.0\r\n\r\n", false);
      assertThat(old.header("Transfer-Encoding")).isNull();
      assertThat(old.text()).isEqualTo("hello");
    }
  }

  /**
   * Starts {@code handler}, with {@code /ok} answered "ok" beside it: on the server's one loop, an
   * answer to {@code /ok} comes after whatever an earlier request logged.
   */
  private int startWithOkRoute(HttpHandler handler) {
    return servers.start(
        (request, response) ->
            request.getPath().value().equals("/ok")
                ? response.writeWith(Mono.just(text("ok")))
                : handler.handle(request, response));
  }

  @Test
  void aBodyThatBreaksItsOwnContentLengthIsCutAndLoggedOnce() throws Exception {
    String logger = WebFluxExchange.class.getName();
    LogCapture.expect(logger, Level.ERROR, "cut short");
    int port =
        startWithOkRoute(
            (request, response) -> {
              boolean more = request.getPath().value().equals("/more");
              response.getHeaders().setContentLength(more ? 3 : 30);
              return response.writeWith(Flux.just(text("hel"), text("lo")));
            });
    for (String path : new String[] {"/more", "/less"}) {
      try (RawHttp http = new RawHttp(port)) {
        http.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
        RawHttp.Response response = http.read(false);
        assertThat(response.status()).isEqualTo(200);
        // cut after the declared length was broken: never more bytes than declared, then EOF
        assertThat(response.text()).isEqualTo(path.equals("/more") ? "hel" : "hello");
        assertThat(http.closedByServer()).isTrue();
      }
      // The server serves on; and, on its one loop, after it logged what went before.
      assertThat(RawHttp.get(port, "/ok").text()).isEqualTo("ok");
    }
    assertThat(LogCapture.messages(logger, Level.ERROR))
        .containsExactly(
            "Response to GET /more from 127.0.0.1 cut short: "
                + "Tried to write more data than Content-Length (5 > 3)",
            "Response to GET /less from 127.0.0.1 cut short: "
                + "Tried to write 25 bytes less than Content-Length (30)");
  }

  @Test
  void anAnswerThatLeavesTheUploadUnreadEndsTheConnectionAfterIt() throws Exception {
    // Spring Security refusing an upload, say: the application never reads the body.
    int port =
        servers.start(
            (request, response) -> {
              response.setStatusCode(HttpStatus.UNAUTHORIZED);
              return response.setComplete();
            });
    try (RawHttp http = new RawHttp(port)) {
      http.send(
          "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n" + "a".repeat(1000));
      RawHttp.Response response = http.read(false);
      assertThat(response.status()).isEqualTo(401);
      assertThat(response.header("Connection")).isEqualTo("close");
      assertThat(http.closedByServer()).isTrue(); // not after 100 MB, nor at the body timeout
    }
  }

  @Test
  void aResponseHeadThatCannotBeSentIsAnswered500AndLoggedOnce() throws Exception {
    String logger = WebFluxExchange.class.getName();
    LogCapture.expect(logger, Level.ERROR, "the response head cannot be sent");
    int port =
        startWithOkRoute(
            (request, response) -> {
              String path = request.getPath().value();
              switch (path) {
                case "/name" -> response.getHeaders().add("Bad Name", "x");
                case "/length" -> response.getHeaders().set("Content-Length", "five");
                case "/lengths" -> {
                  response.getHeaders().add("Content-Length", "5");
                  response.getHeaders().add("Content-Length", "6");
                }
                case "/interim" -> response.setStatusCode(HttpStatusCode.valueOf(103));
                case "/beyond" -> response.setStatusCode(HttpStatusCode.valueOf(999));
                // a value that would split the response, were it written
                default -> response.getHeaders().add("X-Split", "a\r\nSet-Cookie: stolen=1");
              }
              return path.equals("/empty")
                  ? response.setComplete()
                  : response.writeWith(Flux.just(text("hel"), text("lo")));
            });
    String[] paths = {"/empty", "/body", "/name", "/length", "/lengths", "/interim", "/beyond"};
    for (String path : paths) {
      try (RawHttp http = new RawHttp(port)) {
        RawHttp.Response response =
            http.request("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n", false);
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.header("X-Split")).isNull();
        assertThat(response.header("Set-Cookie")).isNull();
        assertThat(response.text()).isEmpty();
        // on the one loop, after what the refused response logged
        assertThat(RawHttp.get(port, "/ok").text()).isEqualTo("ok");
      }
    }
    assertThat(LogCapture.messages(logger, Level.ERROR))
        .hasSize(7)
        .allMatch(m -> m.contains("the response head cannot be sent ("))
        .anyMatch(m -> m.contains("(header value: \"a\\x0d\\x0aSet-Cookie: stolen=1\""))
        .anyMatch(m -> m.contains("(header name: \"Bad Name\""))
        .anyMatch(m -> m.contains("(Content-Length: five (expected: digits))"))
        .anyMatch(m -> m.contains("(Content-Length: 5, 6 (expected: one length))"))
        .anyMatch(m -> m.contains("(status 103 (expected: a final status, 200 to 599))"))
        .anyMatch(m -> m.contains("(status 999 (expected: a final status, 200 to 599))"));
  }

  @Test
  void aLargeUploadIsReadOnlyAsFastAsTheApplicationAsks() throws Exception {
    AtomicLong demanded = new AtomicLong();
    AtomicLong delivered = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    AtomicReference<Subscription> subscription = new AtomicReference<>();
    CompletableFuture<Void> firstChunk = new CompletableFuture<>();
    CompletableFuture<Long> total = new CompletableFuture<>();
    int port =
        servers.start(
            (request, response) -> {
              request
                  .getBody()
                  .subscribe(
                      new BaseSubscriber<DataBuffer>() {
                        @Override
                        protected void hookOnSubscribe(Subscription s) {
                          subscription.set(s);
                          demanded.incrementAndGet();
                          s.request(1);
                        }

                        @Override
                        protected void hookOnNext(DataBuffer buffer) {
                          delivered.incrementAndGet();
                          bytes.addAndGet(buffer.readableByteCount());
                          DataBufferUtils.release(buffer);
                          firstChunk.complete(null);
                        }

                        @Override
                        protected void hookOnComplete() {
                          total.complete(bytes.get());
                        }
                      });
              return Mono.fromFuture(total)
                  .flatMap(
                      n -> {
                        String text = String.valueOf(n);
                        response.getHeaders().setContentLength(text.length());
                        return response.writeWith(Mono.just(text(text)));
                      });
            });
    int size = 64 * 1024 * 1024;
    try (Socket socket = new Socket()) {
      socket.setSendBufferSize(CHUNK);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: " + size + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      CompletableFuture<Void> sent =
          CompletableFuture.runAsync(
              () -> {
                try {
                  byte[] block = new byte[CHUNK];
                  for (int i = 0; i < size / CHUNK; i++) {
                    out.write(block);
                  }
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      firstChunk.get(5, TimeUnit.SECONDS);
      // The application asked for one chunk: the server reads no more, so the client blocks.
      assertThat(completesWithin(sent, Duration.ofMillis(500))).isFalse();
      assertThat(delivered.get()).isEqualTo(demanded.get()).isEqualTo(1);
      subscription.get().request(Long.MAX_VALUE);
      sent.get(20, TimeUnit.SECONDS);
      assertThat(total.get(20, TimeUnit.SECONDS)).isEqualTo(size);
      RawHttp.Response response = readResponse(socket.getInputStream());
      assertThat(response.text()).isEqualTo(String.valueOf(size));
    }
  }

  @Test
  void aLargeDownloadIsPulledOnlyAsFastAsTheClientReads() throws Exception {
    int chunks = 2048;
    AtomicInteger pulled = new AtomicInteger();
    int port =
        servers.start(
            (request, response) ->
                response.writeWith(
                    Flux.range(0, chunks)
                        .map(i -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[CHUNK]))
                        .doOnNext(b -> pulled.incrementAndGet())));
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(CHUNK);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
      InputStream in = socket.getInputStream();
      in.readNBytes(CHUNK);
      // The client stops reading: once the socket buffers are full the server pulls no more.
      int seen = awaitStable(pulled);
      assertThat(seen).isLessThan(chunks / 4);
      long rest = 0;
      byte[] sink = new byte[CHUNK];
      int n;
      while ((n = in.read(sink)) > 0) {
        rest += n;
        if (pulled.get() == chunks && rest >= (long) chunks * CHUNK - CHUNK) {
          break;
        }
      }
      assertThat(pulled.get()).isEqualTo(chunks);
    }
  }

  @Test
  void aLongStreamOfSmallBuffersIsWrittenWhole() throws IOException {
    int buffers = 100_000;
    int port =
        servers.start(
            (request, response) ->
                response.writeWith(Flux.range(0, buffers).map(i -> text("0123456789abcdef"))));
    RawHttp.Response response = RawHttp.get(port, "/");
    assertThat(response.body()).hasSize(buffers * 16);
  }

  @Test
  void aClientThatLeavesMidStreamCancelsTheBodyQuietly() throws Exception {
    CompletableFuture<Void> cancelled = new CompletableFuture<>();
    int port =
        servers.start(
            (request, response) ->
                response.writeWith(
                    Flux.<DataBuffer>generate(sink -> sink.next(text("event\n")))
                        .doOnCancel(() -> cancelled.complete(null))));
    try (RawHttp http = new RawHttp(port)) {
      http.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(http.readLine()).startsWith("HTTP/1.1 200");
    }
    cancelled.get(5, TimeUnit.SECONDS);
  }

  @Test
  void anErrorMidBodyCutsTheResponse() throws Exception {
    LogCapture.expect(WebFluxExchange.class.getName(), Level.ERROR, "after the response began");
    int port =
        servers.start(
            (request, response) ->
                response.writeWith(
                    Flux.just(text("one "), text("two "))
                        .concatWith(Mono.error(new IllegalStateException("broken source")))));
    try (RawHttp http = new RawHttp(port)) {
      http.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(http.readLine()).startsWith("HTTP/1.1 200");
      String line;
      StringBuilder seen = new StringBuilder();
      while (!(line = http.readLine()).isEmpty() || seen.indexOf("two") < 0) {
        seen.append(line).append('\n');
        if (line.isEmpty() && seen.length() > 4096) {
          break;
        }
      }
      assertThat(seen.toString()).contains("one ").contains("two ");
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void aFailedHandlerBeforeTheResponseIsAnswered500() throws IOException {
    LogCapture.expect(WebFluxExchange.class.getName(), Level.ERROR, "answering 500");
    int port = servers.start((request, response) -> Mono.error(new IllegalStateException("no")));
    assertThat(RawHttp.get(port, "/").status()).isEqualTo(500);
  }

  @Test
  void headIsAnsweredWithTheLengthAndNoBodyAndTheConnectionGoesOn() throws IOException {
    int port = servers.start((request, response) -> response.writeWith(Mono.just(text("hello"))));
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response head = http.request("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n", true);
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("Content-Length")).isEqualTo("5");
      RawHttp.Response get = http.request("GET / HTTP/1.1\r\nHost: x\r\n\r\n", false);
      assertThat(get.text()).isEqualTo("hello");
    }
  }

  @Test
  void expectContinueIsAnsweredWhenTheApplicationReadsTheBody() throws Exception {
    Sinks.One<Void> read = Sinks.one();
    int port =
        servers.start(
            (request, response) ->
                read.asMono()
                    .then(DataBufferUtils.join(request.getBody()))
                    .flatMap(
                        body ->
                            response.writeWith(
                                Mono.just(text("got " + body.readableByteCount())))));
    try (RawHttp http = new RawHttp(port)) {
      http.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
      CompletableFuture<String> interim =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return http.readLine();
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      assertThat(completesWithin(interim, Duration.ofMillis(300))).isFalse();
      read.tryEmitEmpty();
      assertThat(interim.get(5, TimeUnit.SECONDS)).isEqualTo("HTTP/1.1 100 Continue");
      assertThat(http.readLine()).isEmpty();
      http.send("abcd");
      assertThat(http.read(false).text()).isEqualTo("got 4");
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws IOException {
    int port =
        servers.start(
            (request, response) -> {
              String path = request.getPath().value();
              Duration delay = path.equals("/1") ? Duration.ofMillis(100) : Duration.ZERO;
              return Mono.delay(delay).then(response.writeWith(Mono.just(text(path))));
            });
    try (RawHttp http = new RawHttp(port)) {
      http.send(
          "GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n"
              + "GET /3 HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(http.read(false).text()).isEqualTo("/1");
      assertThat(http.read(false).text()).isEqualTo("/2");
      assertThat(http.read(false).text()).isEqualTo("/3");
    }
  }

  @Test
  void aTargetThatIsNoUriIsAnswered400() throws IOException {
    int port = servers.start((request, response) -> response.setComplete());
    try (RawHttp http = new RawHttp(port)) {
      assertThat(http.request("GET /a|{b} HTTP/1.1\r\nHost: x\r\n\r\n", false).status())
          .isEqualTo(400);
    }
  }

  static boolean completesWithin(CompletableFuture<?> future, Duration wait) throws Exception {
    try {
      future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    }
  }

  /** Waits, up to 10 s, until {@code counter} stays unchanged for 300 ms; returns its value. */
  static int awaitStable(AtomicInteger counter) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int last = -1;
    while (System.nanoTime() < deadline) {
      int now = counter.get();
      if (now == last) {
        return now;
      }
      last = now;
      new CountDownLatch(1).await(300, TimeUnit.MILLISECONDS);
    }
    return counter.get();
  }

  private static RawHttp.Response readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed in head");
      }
      head.append((char) b);
    }
    String[] lines = head.toString().split("\r\n");
    int length = 0;
    for (String line : lines) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    return new RawHttp.Response(
        Integer.parseInt(lines[0].split(" ")[1]), java.util.List.of(), in.readNBytes(length));
  }
}
