package io.github.tornadoserver.httputil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequestStartLineTest {

  @Test
  void parsesAnOriginFormLine() throws Exception {
    RequestStartLine line = RequestStartLine.parse("GET /path?q=1 HTTP/1.1");
    assertThat(line).isEqualTo(new RequestStartLine("GET", "/path?q=1", "HTTP/1.1"));
    assertThat(line.encode()).isEqualTo("GET /path?q=1 HTTP/1.1");
    assertThat(line).hasToString("GET /path?q=1 HTTP/1.1");
  }

  @Test
  void parsesAbsoluteAuthorityAndAsteriskForms() throws Exception {
    // RFC 9112 sections 3.2.2 to 3.2.4.
    assertThat(RequestStartLine.parse("GET http://x/hello HTTP/1.1").uri())
        .isEqualTo("http://x/hello");
    assertThat(RequestStartLine.parse("CONNECT example.com:443 HTTP/1.1").uri())
        .isEqualTo("example.com:443");
    assertThat(RequestStartLine.parse("OPTIONS * HTTP/1.1").uri()).isEqualTo("*");
  }

  @Test
  void keepsMethodCaseAndAcceptsAnyTokenMethod() throws Exception {
    assertThat(RequestStartLine.parse("get / HTTP/1.1").method()).isEqualTo("get");
    assertThat(RequestStartLine.parse("FOO / HTTP/1.1").method()).isEqualTo("FOO");
    assertThat(RequestStartLine.parse("M-SEARCH * HTTP/1.1").method()).isEqualTo("M-SEARCH");
  }

  @Test
  void acceptsObsTextInTheTargetAndOtherVersionDigits() throws Exception {
    assertThat(RequestStartLine.parse("GET /\u00e9\u00ff HTTP/1.0").uri())
        .isEqualTo("/\u00e9\u00ff");
    assertThat(RequestStartLine.parse("GET //doubleslash HTTP/1.1").uri())
        .isEqualTo("//doubleslash");
    // Only the syntax is checked here; the connection decides about HTTP/2.0 and HTTP/1.2.
    assertThat(RequestStartLine.parse("GET / HTTP/2.0").version()).isEqualTo("HTTP/2.0");
    assertThat(RequestStartLine.parse("GET / HTTP/1.2").version()).isEqualTo("HTTP/1.2");
  }

  @Test
  void rejectsWrongNumberOfPartsOrSeparators() {
    assertMalformed("asdf", "expected three parts separated by single spaces");
    assertMalformed("", "expected three parts separated by single spaces");
    assertMalformed("GET /", "expected three parts separated by single spaces");
    assertMalformed("GET  / HTTP/1.1", "expected three parts separated by single spaces");
    assertMalformed("GET / HTTP/1.1 ", "expected three parts separated by single spaces");
    assertMalformed(" GET / HTTP/1.1", "expected three parts separated by single spaces");
    assertMalformed("GET / x HTTP/1.1", "expected three parts separated by single spaces");
    assertMalformed("GET\t/\tHTTP/1.1", "expected three parts separated by single spaces");
  }

  @Test
  void rejectsAMethodThatIsNotAToken() {
    assertMalformed("FOO,BAR /echo HTTP/1.1", "method is not a token");
    assertMalformed("G\u00e9T / HTTP/1.1", "method is not a token");
  }

  @Test
  void rejectsAnEmptyOrControlCharacterTarget() {
    assertMalformed("GET  HTTP/1.1", "bad request-target");
    assertMalformed("GET /a\u0001b HTTP/1.1", "bad request-target");
    assertMalformed("GET /a\tb HTTP/1.1", "bad request-target");
    assertMalformed("GET /a\u007f HTTP/1.1", "bad request-target");
    assertMalformed("GET /a\rb HTTP/1.1", "bad request-target");
  }

  @Test
  void rejectsVersionsThatAreNotHttpDigitDotDigit() {
    assertMalformed("GET / http/1.1", "bad HTTP-version");
    assertMalformed("GET / HTTP/1", "bad HTTP-version");
    assertMalformed("GET / HTTP/1.10", "bad HTTP-version");
    assertMalformed("GET / HTTP/a.b", "bad HTTP-version");
    assertMalformed("GET / HTTP/1.1\r", "bad HTTP-version");
    assertMalformed("GET / HTTPS/1.1", "bad HTTP-version");
  }

  @Test
  void quotesControlCharactersInTheMessage() {
    assertThatThrownBy(() -> RequestStartLine.parse("GET /\u0000 HTTP/1.1"))
        .isInstanceOf(HTTPInputException.class)
        .hasMessage("Malformed HTTP request line \"GET /\\x00 HTTP/1.1\" (bad request-target)");
  }

  @Test
  void refusesNullComponents() {
    assertThatThrownBy(() -> new RequestStartLine(null, "/", "HTTP/1.1"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> RequestStartLine.parse(null)).isInstanceOf(NullPointerException.class);
  }

  private static void assertMalformed(String line, String why) {
    assertThatThrownBy(() -> RequestStartLine.parse(line))
        .isInstanceOf(HTTPInputException.class)
        .hasMessageStartingWith("Malformed HTTP request line ")
        .hasMessageEndingWith("(" + why + ")");
  }

  @Test
  void parsesARangeOfBytesLikeTheString() throws HTTPInputException {
    byte[] bytes = "xxGET /a?b HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    RequestStartLine line = RequestStartLine.parse(bytes, 2, bytes.length - 2);
    assertThat(line).isEqualTo(new RequestStartLine("GET", "/a?b", "HTTP/1.1"));
    assertThat(line.method()).isSameAs("GET");
  }

  @Test
  void refusesFromBytesWhatItRefusesFromAString() {
    for (String bad :
        new String[] {
          "GET /  HTTP/1.1", "G(T / HTTP/1.1", "GET / HTTX/1.1", "GET /\u0001 HTTP/1.1", ""
        }) {
      byte[] bytes = bad.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      String fromString = messageOf(() -> RequestStartLine.parse(bad));
      String fromBytes = messageOf(() -> RequestStartLine.parse(bytes, 0, bytes.length));
      assertThat(fromBytes).as(bad).isEqualTo(fromString).startsWith("Malformed HTTP request line");
    }
  }

  private interface Parse {
    void run() throws HTTPInputException;
  }

  private static String messageOf(Parse parse) {
    try {
      parse.run();
      return null;
    } catch (HTTPInputException e) {
      return e.getMessage();
    }
  }
}
