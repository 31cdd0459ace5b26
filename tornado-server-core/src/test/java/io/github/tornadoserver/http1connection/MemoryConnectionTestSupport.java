package io.github.tornadoserver.http1connection;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.iostream.MemoryStreams;
import io.github.tornadoserver.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh loop per test on the test thread, and the answer every refused request gets. Tests run
 * each input whole and in pieces of 1, 2 and 7 bytes ({@link #PIECES}), each piece read on its own.
 */
abstract class MemoryConnectionTestSupport {
  static final int WHOLE = MemoryStreams.WHOLE;

  IOLoop loop;

  @BeforeEach
  void newLoop() {
    loop = new IOLoop();
    loop.makeCurrent();
  }

  @AfterEach
  void closeLoop() {
    loop.close(true);
  }

  MemoryConnection connect(int piece) {
    return new MemoryConnection(loop, piece);
  }

  MemoryConnection connect(int piece, HTTP1ConnectionParameters params) {
    return new MemoryConnection(loop, piece, params, MemoryConnection.ECHO);
  }

  /** The exact answer to a refused request (Date masked). */
  static String refusal(int status, String reason) {
    return "HTTP/1.1 "
        + status
        + " "
        + reason
        + "\r\nConnection: close\r\nContent-Length: 0\r\nDate: *\r\n\r\n";
  }

  /** Sends {@code request} and checks the refusal, the closed connection and the counted reason. */
  static void assertRefused(
      MemoryConnection connection, String request, int status, String phrase, String reason) {
    LogCapture.expect("tornado.general", Level.INFO, "Refused request");
    connection.send(request);
    assertThat(connection.untilClosed()).isEqualTo(refusal(status, phrase));
    assertThat(connection.pair.peer().closedByStream()).isTrue();
    assertThat(connection.rejections).containsExactly(reason);
  }
}
