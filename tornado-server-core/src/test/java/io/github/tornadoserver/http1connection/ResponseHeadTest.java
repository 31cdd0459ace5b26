package io.github.tornadoserver.http1connection;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.ResponseStartLine;
import org.junit.jupiter.api.Test;

class ResponseHeadTest {

  private static String encode(
      ResponseStartLine line,
      HTTPHeaders headers,
      boolean chunked,
      String connection,
      String date) {
    byte[] dateLine = date == null ? null : ("Date: " + date + "\r\n").getBytes(ISO_8859_1);
    return new String(
        ResponseHead.encode(line, headers, -1, chunked, connection, dateLine, 0), ISO_8859_1);
  }

  @Test
  void writesTheStatusLineTheApplicationsFieldsInOrderThenTheAddedOnes() {
    HTTPHeaders headers = new HTTPHeaders();
    headers.add("Content-Type", "text/plain");
    headers.add("X-A", "1");
    assertThat(encode(ResponseStartLine.of(200), headers, true, "close", "D"))
        .isEqualTo(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-A: 1\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\nDate: D\r\n\r\n");
  }

  @Test
  void anOverridingConnectionValueTakesThePlaceOfTheApplicationsFields() {
    HTTPHeaders headers = new HTTPHeaders();
    headers.add("connection", "upgrade");
    headers.add("X-A", "1");
    headers.add("Connection", "x");
    assertThat(encode(ResponseStartLine.of(404), headers, false, "close", null))
        .isEqualTo("HTTP/1.1 404 Not Found\r\nConnection: close\r\nX-A: 1\r\n\r\n");
  }

  @Test
  void keepsTheApplicationsConnectionFieldsWhenNothingOverridesThem() {
    HTTPHeaders headers = new HTTPHeaders();
    headers.add("Connection", "upgrade");
    assertThat(encode(new ResponseStartLine("HTTP/1.1", 599, ""), headers, false, null, null))
        .isEqualTo("HTTP/1.1 599 \r\nConnection: upgrade\r\n\r\n");
  }

  @Test
  void writesEachCharacterAsOneLatin1ByteAndQuestionMarksBeyond() {
    HTTPHeaders headers = new HTTPHeaders();
    headers.add("X-Name", "caf\u00e9 \u20ac");
    byte[] bytes =
        ResponseHead.encode(ResponseStartLine.of(200), headers, -1, false, null, null, 0);
    assertThat(new String(bytes, ISO_8859_1)).contains("X-Name: caf\u00e9 ?\r\n");
  }

  @Test
  void leavesTheAskedRoomFreeAfterTheHead() {
    HTTPHeaders headers = new HTTPHeaders();
    headers.add("Content-Length", "5");
    byte[] bytes =
        ResponseHead.encode(ResponseStartLine.of(200), headers, -1, false, null, null, 5);
    String head = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n";
    assertThat(bytes).hasSize(head.length() + 5);
    assertThat(new String(bytes, 0, head.length(), ISO_8859_1)).isEqualTo(head);
    assertThat(bytes).endsWith(new byte[5]);
  }
}
