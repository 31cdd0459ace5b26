package io.github.tornadoserver.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A body the server refuses while a controller reads it (over {@code tornado.http.max-body-size},
 * or a broken chunk): the client gets the server's 400 or 413, the controller is cancelled, and
 * nothing is logged above INFO (the refusal's one line); Spring does not report a server error for
 * a request the server already answered. The same for a client that leaves mid-upload, or in the
 * middle of an event stream, through the whole of Spring's stack. The strict harness fails the test
 * on any WARN or ERROR.
 */
@SpringBootTest(
    classes = WebFluxApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"server.address=127.0.0.1", "tornado.http.max-body-size=64KB"})
class WebFluxEndingsTest {
  @LocalServerPort int port;

  private static String chunks(int count, int size) {
    String chunk = Integer.toHexString(size) + "\r\n" + "a".repeat(size) + "\r\n";
    return chunk.repeat(count);
  }

  /** The status the server answers a chunked upload of {@code body} to the counting controller. */
  private int statusOfChunkedCount(String body) throws Exception {
    try (RawHttp http = new RawHttp(port)) {
      http.send(
          "POST /count HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n"
              + body);
      return http.read(false).status();
    }
  }

  @Test
  void aChunkedBodyOverTheLimitIsAnswered413AndTheControllerIsCancelledQuietly() throws Exception {
    LogCapture.expect("tornado.general", Level.INFO, "Refused request");
    assertThat(statusOfChunkedCount(chunks(24, 4096) + "0\r\n\r\n")).isEqualTo(413);
    assertServesOn();
  }

  @Test
  void aBrokenChunkIsAnswered400AndTheControllerIsCancelledQuietly() throws Exception {
    LogCapture.expect("tornado.general", Level.INFO, "Refused request");
    assertThat(statusOfChunkedCount(chunks(2, 4096) + "zz\r\n")).isEqualTo(400);
    assertServesOn();
  }

  @Test
  void aClientThatLeavesMidUploadCancelsTheControllerQuietly() throws Exception {
    try (RawHttp http = new RawHttp(port)) {
      http.send(
          "POST /count HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
              + "Content-Length: 60000\r\n\r\n"
              + "a".repeat(20000));
      http.reset();
    }
    assertServesOn();
  }

  @Test
  void aClientThatLeavesAnEventStreamEndsItQuietly() throws Exception {
    try (RawHttp http = new RawHttp(port)) {
      http.send("GET /ticks?n=100000 HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n");
      assertThat(http.readLine()).isEqualTo("HTTP/1.1 200 OK");
      for (int i = 0; i < 5; i++) {
        http.readLine(); // the rest of the head, then the first events as they come
      }
      http.reset();
    }
    assertServesOn();
  }

  /**
   * The server goes on serving; and, on its loop, after what the refused request logged (a count
   * takes the same loop and reads the same way).
   */
  private void assertServesOn() throws Exception {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response counted =
          http.request(
              "POST /count HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                  + "Content-Length: 3\r\n\r\nabc",
              false);
      assertThat(counted.text()).isEqualTo("3");
    }
  }
}
