package io.github.tornadoserver.httputil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HTTPHeadersTest {

  private static final String BLOCK =
      "Host: example.com\r\n"
          + "X-Forwarded-For: 1.1.1.1\r\n"
          + "Content-Type: text/plain\r\n"
          + "x-forwarded-for: 2.2.2.2\r\n"
          + "\r\n";

  @Test
  void lookupsIgnoreAsciiCase() throws Exception {
    HTTPHeaders h = HTTPHeaders.parse(BLOCK);
    assertThat(h.get("HOST")).isEqualTo("example.com");
    assertThat(h.getFirst("content-TYPE")).isEqualTo("text/plain");
    assertThat(h.contains("x-FORWARDED-for")).isTrue();
    assertThat(h.contains("Missing")).isFalse();
    assertThat(h.get("Missing")).isNull();
    assertThat(h.get(null)).isNull();
  }

  @Test
  void lookupsDoNotFoldNonAsciiLettersOntoAscii() {
    HTTPHeaders h = new HTTPHeaders();
    h.add("Kind", "a");
    // U+212A KELVIN SIGN lower-cases to 'k' under Unicode rules; a field name never matches it.
    assertThat(h.contains("\u212Aind")).isFalse();
    h.add("TITLE", "b");
    assertThat(h.get("title")).isEqualTo("b");
  }

  @Test
  void repeatedFieldsAreJoinedWithACommaInOrder() throws Exception {
    HTTPHeaders h = HTTPHeaders.parse(BLOCK);
    assertThat(h.get("X-Forwarded-For")).isEqualTo("1.1.1.1,2.2.2.2");
    assertThat(h.getFirst("X-Forwarded-For")).isEqualTo("1.1.1.1");
    assertThat(h.getList("x-forwarded-for")).containsExactly("1.1.1.1", "2.2.2.2");
    assertThat(h.getList("none")).isEmpty();
    assertThat(h.count("x-forwarded-for")).isEqualTo(2);
    assertThat(h.count("HOST")).isEqualTo(1);
    assertThat(h.count("none")).isZero();
    assertThat(h.count(null)).isZero();
  }

  @Test
  void getAllKeepsReceivedOrderAndSpelling() throws Exception {
    HTTPHeaders h = HTTPHeaders.parse(BLOCK);
    assertThat(h.getAll())
        .containsExactly(
            Map.entry("Host", "example.com"),
            Map.entry("X-Forwarded-For", "1.1.1.1"),
            Map.entry("Content-Type", "text/plain"),
            Map.entry("x-forwarded-for", "2.2.2.2"));
    assertThat(h.names()).containsExactly("Host", "X-Forwarded-For", "Content-Type");
    assertThat(h.size()).isEqualTo(4);
    assertThat(h.isEmpty()).isFalse();
  }

  @Test
  void setReplacesAllValuesAtTheFirstPosition() throws Exception {
    HTTPHeaders h = HTTPHeaders.parse(BLOCK);
    h.set("X-FORWARDED-FOR", "3.3.3.3");
    assertThat(h.getList("x-forwarded-for")).containsExactly("3.3.3.3");
    assertThat(h.names()).containsExactly("Host", "X-FORWARDED-FOR", "Content-Type");
    h.set("New", "v");
    assertThat(h.getAll()).last().isEqualTo(Map.entry("New", "v"));
  }

  @Test
  void removeDropsEveryFieldOfTheName() throws Exception {
    HTTPHeaders h = HTTPHeaders.parse(BLOCK);
    assertThat(h.remove("x-forwarded-FOR")).isTrue();
    assertThat(h.remove("x-forwarded-for")).isFalse();
    assertThat(h.remove(null)).isFalse();
    assertThat(h.names()).containsExactly("Host", "Content-Type");
    assertThat(h.size()).isEqualTo(2);
  }

  @Test
  void copyIsIndependent() throws Exception {
    HTTPHeaders h = HTTPHeaders.parse(BLOCK);
    HTTPHeaders copy = h.copy();
    copy.add("Extra", "1");
    h.remove("Host");
    assertThat(copy.get("Host")).isEqualTo("example.com");
    assertThat(h.contains("Extra")).isFalse();
    assertThat(copy.getAll()).hasSize(5);
  }

  @Test
  void toStringRendersAHeaderBlock() {
    HTTPHeaders h = new HTTPHeaders();
    h.add("A", "1");
    h.add("B", "2");
    assertThat(h.toString()).isEqualTo("A: 1\r\nB: 2\r\n");
    assertThat(new HTTPHeaders().isEmpty()).isTrue();
  }

  @Test
  void parsesTheSameBlockWithCrlfOrBareLf() throws Exception {
    HTTPHeaders crlf = HTTPHeaders.parse(BLOCK);
    HTTPHeaders lf = HTTPHeaders.parse(BLOCK.replace("\r\n", "\n"));
    HTTPHeaders noTerminator = HTTPHeaders.parse("Host: example.com\r\nA: b");
    assertThat(lf.getAll()).isEqualTo(crlf.getAll());
    assertThat(noTerminator.getAll())
        .containsExactly(Map.entry("Host", "example.com"), Map.entry("A", "b"));
    assertThat(HTTPHeaders.parse("").isEmpty()).isTrue();
  }

  @Test
  void trimsOptionalWhitespaceAroundValuesAndKeepsInteriorTabs() throws Exception {
    HTTPHeaders h = HTTPHeaders.parse("A: \t a \t b \t\r\nB:\r\nC:x\r\n");
    assertThat(h.get("A")).isEqualTo("a \t b");
    assertThat(h.get("B")).isEmpty();
    assertThat(h.get("C")).isEqualTo("x");
  }

  @Test
  void parsesBytesAsLatin1() throws Exception {
    byte[] block = "X-Header-Encoding-Test: \u00e9\r\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(HTTPHeaders.parse(block).get("x-header-encoding-test")).isEqualTo("\u00e9");
  }

  @Test
  void rejectsObsFold() {
    assertRejected("A: a\r\n b\r\n", "obsolete line folding in header line \" b\"");
    assertRejected(" A: a\r\n", "obsolete line folding in header line \" A: a\"");
    assertRejected("A: a\r\n\tb\r\n", "obsolete line folding in header line \"\\x09b\"");
  }

  @Test
  void rejectsWhitespaceBeforeTheColon() {
    assertRejected("Host : x\r\n", "whitespace between header name and colon in \"Host : x\"");
    assertRejected("Host\t: x\r\n", "whitespace between header name and colon in \"Host\\x09: x\"");
  }

  @Test
  void rejectsEmptyAndNonTokenNames() {
    assertRejected(": x\r\n", "invalid header name \"\"");
    assertRejected("Bad Name: v\r\n", "invalid header name \"Bad Name\"");
    assertRejected("a\"b: v\r\n", "invalid header name \"a\\\"b\"");
    assertRejected("\u00e9: v\r\n", "invalid header name \"\u00e9\"");
  }

  @Test
  void rejectsALineWithoutColon() {
    assertRejected("asdf\r\n", "no colon in header line \"asdf\"");
  }

  @Test
  void rejectsBareCr() {
    assertRejected("A: a\rb\r\n", "bare CR in value of header \"A\": \"a\\x0db\"");
    assertRejected("A: a\rB: b\r\n", "bare CR in value of header \"A\": \"a\\x0dB: b\"");
    assertRejected("A: a\r\r\n", "bare CR in value of header \"A\": \"a\\x0d\"");
  }

  @Test
  void rejectsControlCharactersInValues() {
    assertRejected("A: a\0b\r\n", "control character in value of header \"A\": \"a\\x00b\"");
    assertRejected("A: \u0001\r\n", "control character in value of header \"A\": \"\\x01\"");
    assertRejected("A: a\u007f\r\n", "control character in value of header \"A\": \"a\\x7f\"");
  }

  @Test
  void rejectsAFieldAfterAnEmptyLine() {
    assertRejected("A: a\r\n\r\nB: b\r\n", "empty line inside header block before \"B: b\"");
  }

  @Test
  void addAndSetRefuseValuesThatWouldSplitTheBlock() {
    HTTPHeaders h = new HTTPHeaders();
    assertThatThrownBy(() -> h.add("A", "x\r\nEvil: 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\\x0d\\x0a");
    assertThatThrownBy(() -> h.set("A", "x\n")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> h.add("Bad Name", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("header name: \"Bad Name\" (expected: an RFC 9110 token)");
    assertThatThrownBy(() -> h.add(null, "x")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> h.add("A", null)).isInstanceOf(NullPointerException.class);
    assertThat(h.isEmpty()).isTrue();
  }

  @Test
  void returnedListsAreReadOnly() throws Exception {
    HTTPHeaders h = HTTPHeaders.parse(BLOCK);
    List<String> values = h.getList("X-Forwarded-For");
    assertThatThrownBy(() -> values.add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> h.getAll().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  private static void assertRejected(String block, String message) {
    assertThatThrownBy(() -> HTTPHeaders.parse(block))
        .isInstanceOf(HTTPInputException.class)
        .hasMessage(message);
  }

  @Test
  void parsesARangeOfReceivedBytesWithoutTheBytesAroundIt() throws HTTPInputException {
    byte[] bytes =
        "GET / HTTP/1.1\r\nHost: x\r\nA:  b \r\n\r\nbody".getBytes(StandardCharsets.ISO_8859_1);
    HTTPHeaders headers = HTTPHeaders.parse(bytes, 16, bytes.length - 4);
    assertThat(headers.size()).isEqualTo(2);
    assertThat(headers.name(0)).isEqualTo("Host");
    assertThat(headers.value(0)).isEqualTo("x");
    assertThat(headers.name(1)).isEqualTo("A");
    assertThat(headers.value(1)).isEqualTo("b");
    assertThatThrownBy(() -> headers.name(2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> HTTPHeaders.parse(bytes, 10, bytes.length + 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void keepsObsTextBytesOfAValueAsLatin1Characters() throws HTTPInputException {
    byte[] bytes = {'X', ':', ' ', (byte) 0xe9, (byte) 0xff};
    assertThat(HTTPHeaders.parse(bytes).get("x")).isEqualTo("\u00e9\u00ff");
  }

  @Test
  void refusesACharacterBeyondLatin1InATextBlock() {
    assertThatThrownBy(() -> HTTPHeaders.parse("X: \u20ac\r\n"))
        .isInstanceOf(HTTPInputException.class)
        .hasMessage("character U+20AC beyond ISO-8859-1 in header block");
  }

  @Test
  void foldsOnlyAsciiCaseInLookups() {
    HTTPHeaders headers = new HTTPHeaders();
    headers.add("Kind", "a");
    // U+212A KELVIN SIGN lower-cases to 'k' in Unicode; field names are ASCII tokens.
    assertThat(headers.get("\u212Aind")).isNull();
    assertThat(headers.get("KIND")).isEqualTo("a");
  }

  @Test
  void setKeepsThePositionOfTheFirstFieldAndDropsTheOthers() {
    HTTPHeaders headers = new HTTPHeaders();
    headers.add("A", "1");
    headers.add("B", "2");
    headers.add("a", "3");
    headers.add("C", "4");
    headers.set("A", "9");
    assertThat(headers.toString()).isEqualTo("A: 9\r\nB: 2\r\nC: 4\r\n");
  }

  @Test
  void growsPastItsInitialCapacityInOrder() {
    HTTPHeaders headers = new HTTPHeaders();
    for (int i = 0; i < 100; i++) {
      headers.add("X-" + i, Integer.toString(i));
    }
    assertThat(headers.size()).isEqualTo(100);
    assertThat(headers.name(99)).isEqualTo("X-99");
    assertThat(headers.get("x-57")).isEqualTo("57");
    HTTPHeaders copy = headers.copy();
    copy.add("Y", "z");
    assertThat(headers.size()).isEqualTo(100);
    assertThat(copy.size()).isEqualTo(101);
  }
}
