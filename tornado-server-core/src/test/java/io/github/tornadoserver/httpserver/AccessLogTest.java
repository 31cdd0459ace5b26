package io.github.tornadoserver.httpserver;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.RequestStartLine;
import io.github.tornadoserver.tcpserver.ProxyProtocol;
import io.github.tornadoserver.tcpserver.TrustedPeers;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.Loops;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The {@code tornado.access} line: each format, the client address, levels, and off. */
class AccessLogTest extends HTTPServerTestSupport {
  private static final String LOGGER = "tornado.access";

  /** Answers {@code status} with a body of {@code size} bytes, both taken from the path. */
  private int serve(UnaryOperator<HTTPServer.Builder> options) {
    return start(
        options.apply(
            HTTPServer.builder(
                request -> {
                  String[] parts = request.path().split("/");
                  int status = Integer.parseInt(parts[1]);
                  int size = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
                  HTTPHeaders headers = new HTTPHeaders();
                  headers.add("Content-Type", "text/plain");
                  request.respond(status, headers, "a".repeat(size).getBytes(ISO_8859_1));
                })));
  }

  /** Sends one request and returns once the loop has run past the handler (and its log line). */
  private void request(int port, String requestLine, String... headerLines) throws IOException {
    StringBuilder request = new StringBuilder(requestLine + "\r\nHost: localhost\r\n");
    for (String line : headerLines) {
      request.append(line).append("\r\n");
    }
    try (RawClient client = new RawClient(port)) {
      client.send(request.append("\r\n").toString()).read();
    }
    Loops.run(loop, () -> {});
  }

  private static List<String> lines(Level level) {
    return LogCapture.messages(LOGGER, level);
  }

  @Test
  void writesNothingWhenOff() throws IOException {
    int port = serve(b -> b);

    request(port, "GET /200/10 HTTP/1.1");
    request(port, "GET /404 HTTP/1.1");

    assertThat(LogCapture.events()).noneMatch(e -> e.getLoggerName().equals(LOGGER));
  }

  @Test
  void writesTornadosLineByDefault() throws IOException {
    int port = serve(b -> b.accessLog(AccessLog.of(AccessLog.Format.TORNADO)));

    request(port, "GET /200/10?q=1 HTTP/1.1");

    assertThat(lines(Level.INFO))
        .singleElement()
        .asString()
        .matches("200 GET /200/10\\?q=1 \\(127\\.0\\.0\\.1\\) \\d+\\.\\d\\dms");
  }

  @Test
  void logsClientErrorsAtWarnAndServerErrorsAtError() throws IOException {
    LogCapture.expect(LOGGER, Level.WARN, "404 GET /404 ");
    LogCapture.expect(LOGGER, Level.ERROR, "503 POST /503 ");
    int port = serve(b -> b.accessLog(AccessLog.of(AccessLog.Format.TORNADO)));

    request(port, "GET /404 HTTP/1.1");
    request(port, "POST /503 HTTP/1.1", "Content-Length: 0");

    assertThat(lines(Level.WARN)).singleElement().asString().startsWith("404 GET /404 (");
    assertThat(lines(Level.ERROR)).singleElement().asString().startsWith("503 POST /503 (");
    assertThat(lines(Level.INFO)).isEmpty();
  }

  @Test
  void writesTheCommonLogFormatWithTheBodySize() throws IOException {
    int port = serve(b -> b.accessLog(AccessLog.of(AccessLog.Format.COMMON)));

    request(port, "GET /200/1234 HTTP/1.1");
    request(port, "GET /200 HTTP/1.0");

    assertThat(lines(Level.INFO))
        .satisfiesExactly(
            line ->
                assertThat(line)
                    .matches(
                        "127\\.0\\.0\\.1 - - \\[\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d"
                            + " [+-]\\d{4}] \"GET /200/1234 HTTP/1\\.1\" 200 1234"),
            line -> assertThat(line).endsWith("\"GET /200 HTTP/1.0\" 200 -"));
  }

  @Test
  void countsTheCompressedBytes() throws IOException {
    int port =
        serve(
            b ->
                b.accessLog(AccessLog.of(AccessLog.Format.COMMON))
                    .compression(Compression.defaults()));

    request(port, "GET /200/10000 HTTP/1.1", "Accept-Encoding: gzip");

    String bytes = lines(Level.INFO).get(0).replaceAll(".* 200 ", "");
    assertThat(Integer.parseInt(bytes)).isPositive().isLessThan(200);
  }

  @Test
  void writesTheCombinedLogFormatWithRefererAndUserAgent() throws IOException {
    int port = serve(b -> b.accessLog(AccessLog.of(AccessLog.Format.COMBINED)));

    request(
        port,
        "GET /200/3 HTTP/1.1",
        "Referer: https://example.com/a",
        "User-Agent: curl/8.5 \"quoted\"");
    request(port, "GET /200/3 HTTP/1.1");

    assertThat(lines(Level.INFO))
        .satisfiesExactly(
            line ->
                assertThat(line)
                    .endsWith(
                        "\"GET /200/3 HTTP/1.1\" 200 3 \"https://example.com/a\""
                            + " \"curl/8.5 \\\"quoted\\\"\""),
            line -> assertThat(line).endsWith(" 200 3 \"-\" \"-\""));
  }

  @Test
  void namesTheClientFromXheaders() throws IOException {
    int port = serve(b -> b.xheaders(true).accessLog(AccessLog.of(AccessLog.Format.TORNADO)));

    request(port, "GET /200 HTTP/1.1", "X-Forwarded-For: 4.4.4.4");

    assertThat(lines(Level.INFO)).singleElement().asString().contains(" (4.4.4.4) ");
  }

  @Test
  void namesTheProxiedClientInTheCommonFormat() throws IOException {
    int port = serve(b -> b.xheaders(true).accessLog(AccessLog.of(AccessLog.Format.COMMON)));

    request(port, "GET /200 HTTP/1.1", "X-Real-IP: 2620:0:1cfe:face:b00c::3");

    assertThat(lines(Level.INFO))
        .singleElement()
        .asString()
        .startsWith("2620:0:1cfe:face:b00c::3 - - [");
  }

  @Test
  void namesTheClientOfAProxyProtocolHeader() throws IOException {
    int port =
        serve(
            b ->
                b.proxyProtocol(ProxyProtocol.required(TrustedPeers.of("127.0.0.1")))
                    .accessLog(AccessLog.of(AccessLog.Format.TORNADO)));
    try (RawClient client = new RawClient(port)) {
      client.send("PROXY TCP4 203.0.113.7 10.0.0.1 40000 80\r\n" + GET.replace("/hello", "/200"));
      client.read();
    }
    Loops.run(loop, () -> {});

    assertThat(lines(Level.INFO)).singleElement().asString().contains(" (203.0.113.7) ");
  }

  @Test
  void writesOneLineWhenTheHandlerFinishesTwice() throws IOException {
    int port =
        start(
            HTTPServer.builder(
                    request -> {
                      request.respond(200, null, null);
                      request.connection().finish();
                    })
                .accessLog(AccessLog.of(AccessLog.Format.TORNADO)));

    request(port, "GET /twice HTTP/1.1");

    assertThat(lines(Level.INFO)).singleElement().asString().startsWith("200 GET /twice (");
  }

  @Test
  void formatsTheCommonTimeAsWhenTheRequestArrived() {
    AccessLogLine.Entry entry =
        new AccessLogLine.Entry(
            new RequestStartLine("GET", "/x", "HTTP/1.1"),
            new HTTPHeaders(),
            "10.0.0.1",
            200,
            0,
            2_000_000_000L);
    Instant end = Instant.parse("2026-12-06T22:30:02Z");

    String expected =
        DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US)
            .withZone(ZoneId.systemDefault())
            .format(Instant.parse("2026-12-06T22:30:00Z"));
    assertThat(AccessLogLine.common(entry, end).toString())
        .isEqualTo("10.0.0.1 - - [" + expected + "] \"GET /x HTTP/1.1\" 200 -");
  }

  @Test
  void printsMillisecondsWithTwoDecimalsAsTornadoDoes() {
    assertThat(AccessLogLine.millis(0)).isEqualTo("0.00");
    assertThat(AccessLogLine.millis(5_000)).isEqualTo("0.01");
    assertThat(AccessLogLine.millis(1_234_567)).isEqualTo("1.23");
    assertThat(AccessLogLine.millis(1_005_000)).isEqualTo("1.01");
    assertThat(AccessLogLine.millis(12_345_678_901L)).isEqualTo("12345.68");
  }
}
