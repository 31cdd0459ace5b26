package io.github.tornadoserver.httputil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResponseStartLineTest {

  @Test
  void encodesAsAStatusLine() {
    assertThat(new ResponseStartLine("HTTP/1.1", 200, "OK")).hasToString("HTTP/1.1 200 OK");
    assertThat(ResponseStartLine.of(404).encode()).isEqualTo("HTTP/1.1 404 Not Found");
    assertThat(new ResponseStartLine("HTTP/1.0", 299, "").encode()).isEqualTo("HTTP/1.0 299 ");
  }

  @Test
  void ofGivesTheStandardLineForEveryCodeOnceMadeAndANewOneAbove599() {
    assertThat(ResponseStartLine.of(100))
        .isEqualTo(new ResponseStartLine("HTTP/1.1", 100, "Continue"));
    assertThat(ResponseStartLine.of(599).code()).isEqualTo(599);
    assertThat(ResponseStartLine.of(200)).isSameAs(ResponseStartLine.of(200));
    assertThat(ResponseStartLine.of(600))
        .isEqualTo(new ResponseStartLine("HTTP/1.1", 600, "Unknown"));
    assertThatThrownBy(() -> ResponseStartLine.of(99)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ResponseStartLine.of(1000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesStatusLines() throws Exception {
    assertThat(ResponseStartLine.parse("HTTP/1.1 200 OK"))
        .isEqualTo(new ResponseStartLine("HTTP/1.1", 200, "OK"));
    assertThat(ResponseStartLine.parse("HTTP/1.0 404 Not Found").reason()).isEqualTo("Not Found");
    assertThat(ResponseStartLine.parse("HTTP/1.1 204 ").reason()).isEmpty();
    assertThat(ResponseStartLine.parse("HTTP/1.1 204").reason()).isEmpty();
    assertThat(ResponseStartLine.parse("HTTP/1.1 599 Odd\tbut \u00e9 fine").code()).isEqualTo(599);
  }

  @Test
  void rejectsMalformedStatusLines() {
    for (String line :
        new String[] {
          "",
          "HTTP/1.1",
          "HTTP/1.1 20",
          "HTTP/1.1 2000 OK",
          "HTTP/1.1 099 Low",
          "HTTP/1.1 abc OK",
          "HTTP/1.1  200 OK",
          "http/1.1 200 OK",
          "HTTP/1.1 200 OK\r\nX: y",
          "HTTP/1.1 200 O\u0000K",
          "ICY 200 OK"
        }) {
      assertThatThrownBy(() -> ResponseStartLine.parse(line))
          .as(line)
          .isInstanceOf(HTTPInputException.class)
          .hasMessageStartingWith("Malformed HTTP response line \"");
    }
  }

  @Test
  void constructorRefusesWhatWouldNotEncodeAsOneLine() {
    assertThatThrownBy(() -> new ResponseStartLine("HTTP/1.1", 99, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("code: 99 (expected: 100..999)");
    assertThatThrownBy(() -> new ResponseStartLine("HTTP/1.1", 1000, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ResponseStartLine("HTTP/1.1", 200, "OK\r\nSet-Cookie: a=b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\\x0d\\x0a");
    assertThatThrownBy(() -> new ResponseStartLine("HTTP/11", 200, "OK"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("version: \"HTTP/11\" (expected: HTTP/DIGIT.DIGIT)");
    assertThatThrownBy(() -> new ResponseStartLine("HTTP/1.1", 200, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void reasonPhrasesFollowRfc9110() {
    assertThat(ResponseStartLine.reasonPhrase(100)).isEqualTo("Continue");
    assertThat(ResponseStartLine.reasonPhrase(200)).isEqualTo("OK");
    assertThat(ResponseStartLine.reasonPhrase(204)).isEqualTo("No Content");
    assertThat(ResponseStartLine.reasonPhrase(304)).isEqualTo("Not Modified");
    assertThat(ResponseStartLine.reasonPhrase(308)).isEqualTo("Permanent Redirect");
    assertThat(ResponseStartLine.reasonPhrase(400)).isEqualTo("Bad Request");
    assertThat(ResponseStartLine.reasonPhrase(413)).isEqualTo("Content Too Large");
    assertThat(ResponseStartLine.reasonPhrase(421)).isEqualTo("Misdirected Request");
    assertThat(ResponseStartLine.reasonPhrase(422)).isEqualTo("Unprocessable Content");
    assertThat(ResponseStartLine.reasonPhrase(425)).isEqualTo("Too Early");
    assertThat(ResponseStartLine.reasonPhrase(426)).isEqualTo("Upgrade Required");
    assertThat(ResponseStartLine.reasonPhrase(428)).isEqualTo("Precondition Required");
    assertThat(ResponseStartLine.reasonPhrase(429)).isEqualTo("Too Many Requests");
    assertThat(ResponseStartLine.reasonPhrase(431)).isEqualTo("Request Header Fields Too Large");
    assertThat(ResponseStartLine.reasonPhrase(451)).isEqualTo("Unavailable For Legal Reasons");
    assertThat(ResponseStartLine.reasonPhrase(500)).isEqualTo("Internal Server Error");
    assertThat(ResponseStartLine.reasonPhrase(501)).isEqualTo("Not Implemented");
    assertThat(ResponseStartLine.reasonPhrase(505)).isEqualTo("HTTP Version Not Supported");
  }

  @Test
  void unregisteredCodesAreUnknown() {
    for (int code : new int[] {0, -1, 99, 199, 299, 306, 420, 499, 599, 600, 999}) {
      assertThat(ResponseStartLine.reasonPhrase(code)).as("%d", code).isEqualTo("Unknown");
    }
  }
}
