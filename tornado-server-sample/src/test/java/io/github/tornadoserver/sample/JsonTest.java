package io.github.tornadoserver.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void writesObjectsArraysStringsAndNumbersInOrder() {
    String json =
        new Json()
            .beginObject()
            .name("a")
            .value(1)
            .name("b")
            .beginArray()
            .beginArray()
            .value("x")
            .value("y")
            .endArray()
            .endArray()
            .name("c")
            .value("")
            .endObject()
            .toString();
    assertThat(json).isEqualTo("{\"a\":1,\"b\":[[\"x\",\"y\"]],\"c\":\"\"}");
  }

  @Test
  void escapesQuotesBackslashesAndEveryControlCharacter() {
    assertThat(string("say \"hi\" \\ bye")).isEqualTo("\"say \\\"hi\\\" \\\\ bye\"");
    assertThat(string("\n\r\t\b\f")).isEqualTo("\"\\n\\r\\t\\b\\f\"");
    assertThat(string("\u0000\u0001\u001f\u007f")).isEqualTo("\"\\u0000\\u0001\\u001f\\u007f\"");
  }

  @Test
  void escapesEveryNonAsciiCharacterSoTheOutputIsAscii() {
    assertThat(string("caf\u00e9")).isEqualTo("\"caf\\u00e9\"");
    assertThat(string("\ud83d\ude00")).isEqualTo("\"\\ud83d\\ude00\"");
    assertThat(string("\u2028")).isEqualTo("\"\\u2028\"");
  }

  @Test
  void leavesPrintableAsciiAlone() {
    assertThat(string("/a?b=c&d=e f~")).isEqualTo("\"/a?b=c&d=e f~\"");
  }

  private static String string(String value) {
    return new Json().value(value).toString();
  }
}
