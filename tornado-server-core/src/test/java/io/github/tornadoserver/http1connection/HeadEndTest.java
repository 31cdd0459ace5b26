package io.github.tornadoserver.http1connection;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeadEndTest {
  private static final Pattern TORNADO_HEAD_END = Pattern.compile("\r?\n\r?\n");

  private static int end(String text) {
    byte[] bytes = text.getBytes(ISO_8859_1);
    return HeadEnd.INSTANCE.endOf(bytes, 0, bytes.length);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\nbody' | 27",
        "'GET / HTTP/1.1\\nHost: x\\n\\nbody' | 24",
        "'GET /\\n\\r\\n' | 8",
        "'GET /\\r\\n\\n' | 8",
        "'GET /\\r\\nHost: x\\r\\n' | -1",
        "'GET /\\r\\n\\r' | -1",
        "'\\n\\n' | 2",
        "'\\r\\r\\n\\r\\n' | 5",
      })
  void findsTheEndOfTheFirstBlankLine(String escaped, int expected) {
    assertThat(end(escaped.replace("\\r", "\r").replace("\\n", "\n"))).isEqualTo(expected);
  }

  @Test
  void agreesWithTornadosRegexOnRandomLineEnds() {
    Random random = new Random(42);
    char[] alphabet = {'\r', '\n', 'a', ' '};
    for (int round = 0; round < 20_000; round++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(12);
      for (int i = 0; i < length; i++) {
        text.append(alphabet[random.nextInt(alphabet.length)]);
      }
      Matcher matcher = TORNADO_HEAD_END.matcher(text);
      int expected = matcher.find() ? matcher.end() : -1;
      assertThat(end(text.toString()))
          .as("%s", text.toString().replace("\r", "\\r").replace("\n", "\\n"))
          .isEqualTo(expected);
    }
  }

  @Test
  void searchesOnlyTheGivenRange() {
    byte[] bytes = "\n\nab\r\n\r\ncd".getBytes(ISO_8859_1);
    assertThat(HeadEnd.INSTANCE.endOf(bytes, 1, bytes.length)).isEqualTo(8);
    assertThat(HeadEnd.INSTANCE.endOf(bytes, 1, 7)).isEqualTo(-1);
  }
}
