package io.github.tornadoserver.httpserver;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.tornadoserver.httputil.HTTPConnection;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPMessageDelegate;
import io.github.tornadoserver.httputil.HTTPServerConnectionDelegate;
import io.github.tornadoserver.httputil.RequestStartLine;
import io.github.tornadoserver.httputil.ResponseStartLine;
import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.Loops;
import io.github.tornadoserver.testing.ResponseChecker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.LoggerFactory;

/**
 * Arbitrary bytes to a real {@link HTTPServer} over a socket on 127.0.0.1, one connection per
 * input, then a normal request on a fresh connection. A finding is an exception, a WARN or ERROR
 * log, a connection the server still holds after the client's EOF plus the timeouts, a malformed
 * response or a 5xx other than 501/505 ({@link ResponseChecker}), or a server that no longer
 * answers. One server serves the whole run, with small limits and timeouts so that each input costs
 * milliseconds; gzip bodies are decompressed and X-headers honoured, so that those paths are fuzzed
 * too. The corpus is replayed by every build (docs/fuzzing.md).
 */
class HTTPServerFuzzTest {
  /**
   * Well above the server's 1 s timeouts: a connection still open this long after the client's EOF
   * is a hang. The margin is for a cold JVM on a busy machine, where Jazzer instruments each class
   * as it loads.
   */
  private static final int READ_BOUND_MS = 10_000;

  private static final byte[] NORMAL =
      "GET /after HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(ISO_8859_1);

  private static IOLoop loop;
  private static HTTPServer server;
  private static int port;
  private static Level tornadoLevel;

  @BeforeAll
  static void startServer() {
    // Only WARN and ERROR matter here; DEBUG lines for millions of inputs would cost more than
    // the inputs themselves.
    Logger tornado = (Logger) LoggerFactory.getLogger("tornado");
    tornadoLevel = tornado.getLevel();
    tornado.setLevel(Level.WARN);
    loop = IOLoop.startInNewThread("fuzz-http-loop", true);
    server =
        HTTPServer.builder(counting())
            .decompressRequest(true)
            .xheaders(true)
            .chunkSize(512)
            .maxHeaderSize(4096)
            .maxBodySize(16 * 1024)
            .idleConnectionTimeout(Duration.ofSeconds(1))
            .bodyTimeout(Duration.ofSeconds(1))
            .build();
    Loops.run(loop, () -> server.listen(0, "127.0.0.1"));
    port = ((InetSocketAddress) server.localAddresses().get(0)).getPort();
    warmUp();
  }

  /** Loads the classes of the common paths before the first input is timed. */
  private static void warmUp() {
    for (int i = 0; i < 3; i++) {
      try {
        exchange(NORMAL);
        exchange(
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n"
                .getBytes(ISO_8859_1));
      } catch (IOException | AssertionError e) {
        // judged by the inputs themselves
      }
    }
  }

  @AfterAll
  static void stopServer() {
    server.stop();
    server.closeAllConnections();
    Loops.stop(loop);
    ((Logger) LoggerFactory.getLogger("tornado")).setLevel(tornadoLevel);
  }

  @FuzzTest
  void answersAnyBytesWithWellFormedResponsesAndKeepsServing(byte[] input) throws IOException {
    int logged = LogCapture.events().size();
    byte[] written = exchange(input);
    ResponseChecker.statuses(written);
    List<Integer> after = ResponseChecker.statuses(exchange(NORMAL));
    assertThat(after).as("answer to a normal request after the input").containsExactly(200);
    assertNothingLoggedSince(logged);
  }

  /** Sends {@code input}, then EOF, and returns every byte the server wrote until it closed. */
  private static byte[] exchange(byte[] input) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(READ_BOUND_MS);
      try {
        socket.getOutputStream().write(input);
        socket.shutdownOutput();
      } catch (SocketException closedEarly) {
        // The server may refuse and close before it has read everything: what it wrote is judged.
      }
      return readUntilClosed(socket.getInputStream());
    }
  }

  private static byte[] readUntilClosed(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        all.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError(
          "connection still open "
              + READ_BOUND_MS
              + " ms after the client's EOF; written so far: "
              + all.toString(ISO_8859_1),
          e);
    } catch (SocketException reset) {
      // A reset after a refusal (unread request bytes at close) ends the connection as well.
    }
    return all.toByteArray();
  }

  private static void assertNothingLoggedSince(int logged) {
    List<ILoggingEvent> events = LogCapture.events();
    List<String> loud =
        events.subList(Math.min(logged, events.size()), events.size()).stream()
            .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
            .map(e -> e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage())
            .toList();
    assertThat(loud).as("WARN/ERROR lines").isEmpty();
  }

  /** Answers every request with 200, an empty body and the number of body bytes it received. */
  private static HTTPServerConnectionDelegate counting() {
    return (server, connection) -> new Counting(connection);
  }

  private static final class Counting implements HTTPMessageDelegate {
    private final HTTPConnection connection;
    private long bodyBytes;

    Counting(HTTPConnection connection) {
      this.connection = connection;
    }

    @Override
    public CompletionStage<?> headersReceived(RequestStartLine startLine, HTTPHeaders headers) {
      return null;
    }

    @Override
    public CompletionStage<?> dataReceived(ByteBuffer chunk) {
      bodyBytes += chunk.remaining();
      chunk.position(chunk.limit());
      return null;
    }

    @Override
    public void finish() {
      HTTPHeaders headers = new HTTPHeaders();
      headers.add("Content-Length", "0");
      headers.add("X-Body-Bytes", Long.toString(bodyBytes));
      connection.writeHeaders(ResponseStartLine.of(200), headers, null);
      connection.finish();
    }
  }
}
