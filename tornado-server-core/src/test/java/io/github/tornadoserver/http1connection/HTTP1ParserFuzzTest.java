package io.github.tornadoserver.http1connection;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPInputException;
import io.github.tornadoserver.httputil.RequestStartLine;
import io.github.tornadoserver.httputil.ResponseStartLine;
import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.iostream.MemoryStreams;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.ResponseChecker;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1 parsers without a socket: the start line and header parsers on their own (the byte and
 * the string forms must agree), the head parser, the chunk-size parser, and a whole {@link
 * HTTP1ServerConnection} over a memory stream that reads the input in pieces of a size the input's
 * first byte chooses. Only the documented exceptions may come out; the connection must close after
 * the input's EOF within its bound, log nothing at WARN or above, and write only well-formed
 * responses ({@link ResponseChecker}).
 */
class HTTP1ParserFuzzTest {
  private static final int[] PIECES = {MemoryStreams.WHOLE, 1, 2, 7, 64};

  private static final HTTP1ConnectionParameters SMALL =
      new HTTP1ConnectionParameters(
          false, 64, 2048, Duration.ofSeconds(1), 4096, Duration.ofSeconds(1), true, 0);

  private static Level tornadoLevel;

  @BeforeAll
  static void quietLogs() {
    Logger tornado = (Logger) LoggerFactory.getLogger("tornado");
    tornadoLevel = tornado.getLevel();
    tornado.setLevel(Level.WARN);
  }

  @AfterAll
  static void restoreLogs() {
    ((Logger) LoggerFactory.getLogger("tornado")).setLevel(tornadoLevel);
  }

  @FuzzTest
  void parsesOrRejectsAnyBytesAtAnyFragmentation(byte[] input) {
    startLineFormsAgree(input);
    headersParseOrReject(input);
    headParsesOrRejects(input);
    chunkSizeParsesOrRejects(input);
    if (input.length > 0) {
      connectionAnswersAndCloses(
          PIECES[(input[0] & 0xff) % PIECES.length], Arrays.copyOfRange(input, 1, input.length));
    }
  }

  private static void startLineFormsAgree(byte[] input) {
    int end = lineEnd(input);
    String fromBytes = describe(() -> RequestStartLine.parse(input, 0, end));
    String fromString =
        describe(() -> RequestStartLine.parse(new String(input, 0, end, ISO_8859_1)));
    assertThat(fromBytes)
        .as("byte and string forms of the start line parser")
        .isEqualTo(fromString);
  }

  private static void headersParseOrReject(byte[] input) {
    try {
      HTTPHeaders headers = HTTPHeaders.parse(input);
      assertThat(HTTPHeaders.parse(new String(input, ISO_8859_1)).toString())
          .isEqualTo(headers.toString());
    } catch (HTTPInputException rejected) {
      // documented
    }
  }

  private static void headParsesOrRejects(byte[] input) {
    try {
      RequestHead head = RequestHead.parse(input);
      assertThat(head.contentLength).isGreaterThanOrEqualTo(0);
    } catch (RequestRejectedException rejected) {
      // documented
    }
  }

  private static void chunkSizeParsesOrRejects(byte[] input) {
    try {
      assertThat(ChunkedBody.parseSizeLine(input)).isGreaterThanOrEqualTo(0);
      ChunkedBody.isEndOfTrailers(input);
    } catch (RequestRejectedException rejected) {
      // documented
    }
  }

  private static void connectionAnswersAndCloses(int piece, byte[] request) {
    int logged = LogCapture.events().size();
    IOLoop loop = new IOLoop();
    loop.makeCurrent();
    try {
      MemoryConnection connection =
          new MemoryConnection(
              loop,
              piece,
              SMALL,
              (http, start, body) -> {
                HTTPHeaders headers = new HTTPHeaders();
                headers.add("Content-Length", "0");
                headers.add("X-Body-Bytes", Integer.toString(body.length()));
                http.writeHeaders(ResponseStartLine.of(200), headers, null);
                http.finish();
              });
      connection.pair.peer().send(request);
      connection.pair.peer().close();
      connection.untilClosed();
      ResponseChecker.statuses(connection.pair.peer().received());
    } finally {
      loop.close(true);
    }
    assertThat(
            LogCapture.events().stream()
                .skip(logged)
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(e -> e.getLoggerName() + " - " + e.getFormattedMessage())
                .toList())
        .as("WARN/ERROR lines")
        .isEmpty();
  }

  private static int lineEnd(byte[] input) {
    for (int i = 0; i < input.length; i++) {
      if (input[i] == '\r' || input[i] == '\n') {
        return i;
      }
    }
    return input.length;
  }

  private interface Parse {
    RequestStartLine run() throws HTTPInputException;
  }

  /** The parsed parts, or the rejection's message. */
  private static String describe(Parse parse) {
    try {
      RequestStartLine line = parse.run();
      return line.method() + "|" + line.uri() + "|" + line.version();
    } catch (HTTPInputException rejected) {
      return "rejected";
    }
  }
}
