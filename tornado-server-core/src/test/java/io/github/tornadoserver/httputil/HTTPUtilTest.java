package io.github.tornadoserver.httputil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HTTPUtilTest {

  private final Map<String, List<String>> arguments = new LinkedHashMap<>();
  private final Map<String, List<HTTPFile>> files = new LinkedHashMap<>();

  @Test
  void statusesWithoutContentAre1xx204And304() {
    for (int status : new int[] {100, 101, 103, 199, 204, 304}) {
      assertThat(HTTPUtil.statusHasNoContent(status)).as("status %d", status).isTrue();
    }
    for (int status : new int[] {200, 201, 205, 206, 301, 303, 400, 404, 500, 599}) {
      assertThat(HTTPUtil.statusHasNoContent(status)).as("status %d", status).isFalse();
    }
  }

  @Test
  void aWholeResponseGetsAContentLengthUnlessItsHeadersOrStatusSayOtherwise() {
    assertThat(HTTPUtil.addsContentLength(200, new HTTPHeaders())).isTrue();
    assertThat(HTTPUtil.addsContentLength(404, new HTTPHeaders())).isTrue();
    HTTPHeaders length = new HTTPHeaders();
    length.add("content-length", "3");
    assertThat(HTTPUtil.addsContentLength(200, length)).isFalse();
    HTTPHeaders chunked = new HTTPHeaders();
    chunked.add("Transfer-Encoding", "chunked");
    assertThat(HTTPUtil.addsContentLength(200, chunked)).isFalse();
    for (int status : new int[] {101, 204, 304}) {
      assertThat(HTTPUtil.addsContentLength(status, new HTTPHeaders())).isFalse();
    }
  }

  @Test
  void queryStringDecodesPlusAndPercentAsUtf8() {
    assertThat(HTTPUtil.parseQueryString("a=b+c&d=e%20f&g=%C3%A9", true))
        .containsExactly(
            Map.entry("a", List.of("b c")),
            Map.entry("d", List.of("e f")),
            Map.entry("g", List.of("\u00e9")));
    assertThat(HTTPUtil.parseQueryString("na%2Bme+x=1%2b1", true))
        .containsExactly(Map.entry("na+me x", List.of("1+1")));
  }

  @Test
  void queryStringKeepsMalformedEscapesLiterally() {
    assertThat(HTTPUtil.parseQueryString("a=%zz&b=100%&c=%4&d=%%41", true))
        .containsExactly(
            Map.entry("a", List.of("%zz")),
            Map.entry("b", List.of("100%")),
            Map.entry("c", List.of("%4")),
            Map.entry("d", List.of("%A")));
  }

  @Test
  void queryStringReplacesInvalidUtf8AndDecodesRawLatin1Octets() {
    assertThat(HTTPUtil.parseQueryString("a=%FF", true).get("a")).containsExactly("\ufffd");
    // The target as read from the wire: raw UTF-8 bytes of "é", one char per byte.
    assertThat(HTTPUtil.parseQueryString("a=\u00c3\u00a9", true).get("a"))
        .containsExactly("\u00e9");
    assertThat(HTTPUtil.parseQueryString("a=\u20ac", true).get("a")).containsExactly("\u20ac");
  }

  @Test
  void queryStringCollectsRepeatedKeysInOrder() {
    assertThat(HTTPUtil.parseQueryString("a=1&b=2&a=3", true))
        .containsExactly(Map.entry("a", List.of("1", "3")), Map.entry("b", List.of("2")));
  }

  @Test
  void queryStringBlankValuesAreKeptOnlyWhenAsked() {
    assertThat(HTTPUtil.parseQueryString("foo=&foo=&bar&&baz=1", true))
        .containsExactly(
            Map.entry("foo", List.of("", "")),
            Map.entry("bar", List.of("")),
            Map.entry("baz", List.of("1")));
    assertThat(HTTPUtil.parseQueryString("foo=&bar&baz=1", false))
        .containsExactly(Map.entry("baz", List.of("1")));
    assertThat(HTTPUtil.parseQueryString("", true)).isEmpty();
    assertThat(HTTPUtil.parseQueryString(null, true)).isEmpty();
    assertThat(HTTPUtil.parseQueryString("=v", true)).containsExactly(Map.entry("", List.of("v")));
  }

  @Test
  void urlencodedBodyAddsToExistingArguments() throws Exception {
    arguments.put("foo", new java.util.ArrayList<>(List.of("q")));
    HTTPUtil.parseBodyArguments(
        "application/x-www-form-urlencoded; charset=UTF-8",
        "foo=&bar=%C3%A9".getBytes(StandardCharsets.US_ASCII),
        arguments,
        files,
        null);
    assertThat(arguments)
        .containsExactly(Map.entry("foo", List.of("q", "")), Map.entry("bar", List.of("\u00e9")));
    assertThat(files).isEmpty();
  }

  @Test
  void otherContentTypesAreIgnored() throws Exception {
    HTTPUtil.parseBodyArguments("text/plain", bytes("a=b"), arguments, files, null);
    HTTPUtil.parseBodyArguments(null, bytes("a=b"), arguments, files, null);
    assertThat(arguments).isEmpty();
  }

  @Test
  void formBodiesWithAContentEncodingAreRefused() throws Exception {
    HTTPHeaders headers = HTTPHeaders.parse("Content-Encoding: gzip\r\n");
    assertThatThrownBy(
            () ->
                HTTPUtil.parseBodyArguments(
                    "application/x-www-form-urlencoded", bytes("a=b"), arguments, files, headers))
        .isInstanceOf(HTTPInputException.class)
        .hasMessage("Unsupported Content-Encoding: \"gzip\"");
    HTTPHeaders identity = HTTPHeaders.parse("Content-Encoding: Identity\r\n");
    HTTPUtil.parseBodyArguments(
        "application/x-www-form-urlencoded", bytes("a=b"), arguments, files, identity);
    assertThat(arguments).containsKey("a");
  }

  @Test
  void multipartWithTwoFieldsAndAFile() throws Exception {
    String body =
        "--1234\r\n"
            + "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
            + "first\r\n"
            + "--1234\r\n"
            + "Content-Disposition: form-data; name=\"b\"\r\n\r\n"
            + "\u00e9\r\n"
            + "--1234\r\n"
            + "Content-Disposition: form-data; name=\"files\"; filename=\"ab;c.txt\"\r\n"
            + "Content-Type: text/plain\r\n\r\n"
            + "line1\r\nline2\r\n"
            + "--1234--\r\n";
    HTTPUtil.parseBodyArguments(
        "multipart/form-data; boundary=1234",
        body.getBytes(StandardCharsets.UTF_8),
        arguments,
        files,
        null);
    assertThat(arguments)
        .containsExactly(Map.entry("a", List.of("first")), Map.entry("b", List.of("\u00e9")));
    assertThat(files.get("files"))
        .containsExactly(new HTTPFile("ab;c.txt", bytes("line1\r\nline2"), "text/plain"));
  }

  @Test
  void multipartWithQuotedBoundaryPreambleAndDefaults() throws Exception {
    String body =
        "preamble\r\n--a=b\r\n"
            + "content-disposition: Form-Data; name=f; filename=\"x.bin\"\r\n\r\n"
            + "\u0000\u0001\r\n"
            + "--a=b\r\n"
            + "Content-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n\r\n"
            + "\r\n"
            + "--a=b--";
    HTTPUtil.parseBodyArguments(
        "Multipart/Form-Data; boundary=\"a=b\"", bytes(body), arguments, files, null);
    assertThat(files.get("f"))
        .containsExactly(new HTTPFile("x.bin", new byte[] {0, 1}, "application/unknown"));
    assertThat(arguments).containsExactly(Map.entry("empty", List.of("")));
  }

  /**
   * Tornado splits the body on the delimiter and parses what comes before the first one as a part
   * too; RFC 2046 §5.1.1 makes it a preamble, to be ignored (porting-map.md).
   */
  @Test
  void aPartBeforeTheFirstDelimiterIsAPreambleAndIsDropped() throws Exception {
    String body =
        "Content-Disposition: form-data; name=\"early\"\r\n\r\nbefore\r\n"
            + "--b\r\n"
            + "Content-Disposition: form-data; name=\"late\"\r\n\r\nafter\r\n"
            + "--b--\r\n";
    HTTPUtil.parseBodyArguments(
        "multipart/form-data; boundary=b", bytes(body), arguments, files, null);
    assertThat(arguments).containsExactly(Map.entry("late", List.of("after")));
    assertThat(files).isEmpty();
  }

  @Test
  void multipartFilenameStarWins() throws Exception {
    String body =
        "--b\r\n"
            + "Content-Disposition: form-data; name=f; filename=\"euro.txt\";"
            + " filename*=UTF-8''%e2%82%ac%20rates.txt\r\n\r\n"
            + "x\r\n--b--\r\n";
    HTTPUtil.parseBodyArguments(
        "multipart/form-data; boundary=b", bytes(body), arguments, files, null);
    assertThat(files.get("f").get(0).filename()).isEqualTo("\u20ac rates.txt");
  }

  @Test
  void multipartLinesThatOnlyBeginWithTheDelimiterAreContent() throws Exception {
    String body =
        "--b \t\r\n"
            + "Content-Disposition: form-data; name=a\r\n\r\n"
            + "x\r\n--bx\r\n--b-y\r\n"
            + "--b--";
    HTTPUtil.parseBodyArguments(
        "multipart/form-data; boundary=b", bytes(body), arguments, files, null);
    assertThat(arguments.get("a")).containsExactly("x\r\n--bx\r\n--b-y");
  }

  @Test
  void multipartWithoutBoundaryOrFinalBoundaryIsRefused() {
    assertMultipartRefused(
        "multipart/form-data",
        "--b\r\n\r\n--b--",
        "Invalid multipart/form-data: no boundary parameter");
    assertMultipartRefused(
        "multipart/form-data; boundary=b",
        "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n",
        "Invalid multipart/form-data: no final boundary");
    assertMultipartRefused(
        "multipart/form-data; boundary=b",
        "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--b",
        "Invalid multipart/form-data: no final boundary");
    assertMultipartRefused(
        "multipart/form-data; boundary=b",
        "nothing here",
        "Invalid multipart/form-data: no final boundary");
    assertMultipartRefused(
        "multipart/form-data; boundary=" + "x".repeat(71),
        "",
        "Invalid multipart/form-data: boundary of 71 characters exceeds 70");
  }

  @Test
  void multipartPartsMustBeNamedFormData() {
    String type = "multipart/form-data; boundary=b";
    assertMultipartRefused(
        type,
        "--b\r\nX: y\r\n\r\nx\r\n--b--",
        "Invalid multipart/form-data: part without Content-Disposition");
    assertMultipartRefused(
        type,
        "--b\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--b--",
        "Invalid multipart/form-data: Content-Disposition \"attachment; name=a\"");
    assertMultipartRefused(
        type,
        "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--",
        "Invalid multipart/form-data: part without name");
    assertMultipartRefused(
        type,
        "--b\r\nContent-Disposition: form-data; name=a\r\nx\r\n--b--",
        "Invalid multipart/form-data: part without empty line");
    assertMultipartRefused(
        type,
        "--b\r\nContent-Disposition: form-data; name=a\rX: y\r\n\r\nx\r\n--b--",
        "bare CR in value of header \"Content-Disposition\": \"form-data; name=a\\x0dX: y\"");
  }

  @Test
  void multipartWithTooManyPartsIsRefused() throws Exception {
    StringBuilder ok = new StringBuilder();
    for (int i = 0; i < HTTPUtil.MAX_MULTIPART_PARTS; i++) {
      ok.append("--b\r\nContent-Disposition: form-data; name=a\r\n\r\n").append(i).append("\r\n");
    }
    HTTPUtil.parseBodyArguments(
        "multipart/form-data; boundary=b", bytes(ok + "--b--"), arguments, files, null);
    assertThat(arguments.get("a")).hasSize(100);
    assertMultipartRefused(
        "multipart/form-data; boundary=b",
        ok + "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nlast\r\n--b--",
        "Invalid multipart/form-data: more than 100 parts");
  }

  @Test
  void multipartWithOversizedPartHeadersIsRefused() throws Exception {
    String disposition = "Content-Disposition: form-data; name=a\r\n";
    String filler = "X-Filler: " + "y".repeat(HTTPUtil.MAX_MULTIPART_HEADER_SIZE) + "\r\n";
    assertMultipartRefused(
        "multipart/form-data; boundary=b",
        "--b\r\n" + disposition + filler + "\r\nx\r\n--b--",
        "Invalid multipart/form-data: part headers exceed 10240 bytes");
    String exact =
        "X-Filler: " + "y".repeat(HTTPUtil.MAX_MULTIPART_HEADER_SIZE - disposition.length() - 10);
    HTTPUtil.parseBodyArguments(
        "multipart/form-data; boundary=b",
        bytes("--b\r\n" + disposition + exact + "\r\n\r\nx\r\n--b--"),
        arguments,
        files,
        null);
    assertThat(arguments.get("a")).containsExactly("x");
  }

  @Test
  void cookiesAreParsedLeniently() {
    assertThat(HTTPUtil.parseCookie("foo=bar; baz=\"qu ux\";  empty=; =nameless; junk; a=b=c"))
        .containsExactly(
            Map.entry("foo", "bar"),
            Map.entry("baz", "qu ux"),
            Map.entry("empty", ""),
            Map.entry("a", "b=c"));
    assertThat(HTTPUtil.parseCookie("id=first; id=second"))
        .containsExactly(Map.entry("id", "first"));
    assertThat(HTTPUtil.parseCookie(null)).isEmpty();
    assertThat(HTTPUtil.parseCookie("")).isEmpty();
    assertThat(HTTPUtil.parseCookie("q=\"")).containsExactly(Map.entry("q", "\""));
  }

  @Test
  void portOfReadsThePortSplitHostAndPortFindsWithoutSplitting() {
    List<String> authorities =
        List.of(
            "host:80",
            "host",
            "1.2.3.4:8888",
            "[::1]:8080",
            "[::1]",
            "::1",
            "::1:80",
            "host:",
            ":80",
            "host:8o",
            "host:123456",
            "host:65536",
            "host:0",
            "[fe80::1]:443",
            "a:b:80",
            "[x]:1",
            "h:00080",
            "",
            ":",
            "host:+80");
    for (String authority : authorities) {
      String digits = HTTPUtil.splitHostAndPort(authority)[1];
      int expected = digits == null || digits.length() > 5 ? -1 : Integer.parseInt(digits);
      assertThat(HTTPUtil.portOf(authority)).as(authority).isEqualTo(expected);
    }
  }

  @Test
  void splitHostAndPortHandlesNamesIpv4AndBracketedIpv6() {
    assertThat(HTTPUtil.splitHostAndPort("host:80")).containsExactly("host", "80");
    assertThat(HTTPUtil.splitHostAndPort("host")).containsExactly("host", null);
    assertThat(HTTPUtil.splitHostAndPort("1.2.3.4:8888")).containsExactly("1.2.3.4", "8888");
    assertThat(HTTPUtil.splitHostAndPort("[::1]:8080")).containsExactly("::1", "8080");
    assertThat(HTTPUtil.splitHostAndPort("[::1]")).containsExactly("::1", null);
    assertThat(HTTPUtil.splitHostAndPort("::1")).containsExactly("::1", null);
    assertThat(HTTPUtil.splitHostAndPort("host:http")).containsExactly("host:http", null);
    assertThat(HTTPUtil.splitHostAndPort("host:")).containsExactly("host:", null);
  }

  @Test
  void validHostValues() {
    for (String host :
        new String[] {
          "",
          "example.com",
          "example.com:8080",
          "example.com:",
          "EXAMPLE.com:65535",
          "127.0.0.1",
          "127.0.0.1:80",
          "[::1]",
          "[::1]:8080",
          "[2001:db8::ff00:42:8329]:443",
          "[v1.fe80::a+en1]",
          "my_host-1.local",
          "xn--nxasmq6b.example",
          "caf%C3%A9.example",
          "a!$&'()*+;=b"
        }) {
      assertThat(HTTPUtil.isValidHost(host)).as("isValidHost(\"%s\")", host).isTrue();
    }
  }

  @Test
  void invalidHostValues() {
    for (String host :
        new String[] {
          "foo bar",
          " example.com",
          "example.com ",
          "a,b",
          "user@example.com",
          "user:pw@example.com",
          "example.com:80:80",
          "example.com:http",
          "example.com:65536",
          "example.com:000080",
          ":80",
          "::1",
          "[::1",
          "[::1]x",
          "[::1]:x",
          "[1.2.3.4]",
          "[fe80::1%25lo]",
          "[vz.x]",
          "exa\u0000mple",
          "exa\tmple",
          "example.com\r\n",
          "bad%zz",
          "bad%4",
          "ex/ample",
          "\u00e9.example"
        }) {
      assertThat(HTTPUtil.isValidHost(host)).as("isValidHost(\"%s\")", host).isFalse();
    }
    assertThat(HTTPUtil.isValidHost(null)).isFalse();
  }

  private void assertMultipartRefused(String contentType, String body, String message) {
    assertThatThrownBy(
            () ->
                HTTPUtil.parseBodyArguments(
                    contentType, bytes(body), new LinkedHashMap<>(), new LinkedHashMap<>(), null))
        .isInstanceOf(HTTPInputException.class)
        .hasMessage(message);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void hasTokenFindsAnElementOfAListValuedFieldIgnoringCaseAndSpaces() {
    assertThat(HTTPUtil.hasToken(List.of("x, Close"), "close")).isTrue();
    assertThat(HTTPUtil.hasToken(List.of("keep-alive", " CLOSE\t"), "close")).isTrue();
    assertThat(HTTPUtil.hasToken(List.of("closed, enclose"), "close")).isFalse();
    assertThat(HTTPUtil.hasToken(List.of(",,"), "close")).isFalse();
    assertThat(HTTPUtil.hasToken(List.of(), "close")).isFalse();
  }
}
