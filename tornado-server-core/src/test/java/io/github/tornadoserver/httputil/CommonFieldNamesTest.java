package io.github.tornadoserver.httputil;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CommonFieldNamesTest {

  private static String lookUp(String text, int from, int to) {
    return CommonFieldNames.lookUp(text.getBytes(StandardCharsets.ISO_8859_1), from, to);
  }

  @Test
  void findsACommonNameWithinTheBytesAroundIt() {
    assertThat(lookUp("xHosty", 1, 5)).isSameAs("Host");
    assertThat(lookUp("User-Agent: wrk", 0, 10)).isSameAs("User-Agent");
    assertThat(lookUp("accept-encoding", 0, 15)).isSameAs("accept-encoding");
  }

  @Test
  void answersNullForAnotherSpellingOrLength() {
    assertThat(lookUp("HOST", 0, 4)).isNull();
    assertThat(lookUp("Hosx", 0, 4)).isNull();
    assertThat(lookUp("Hos", 0, 3)).isNull();
    assertThat(lookUp("Hostname", 0, 8)).isNull();
    assertThat(lookUp("", 0, 0)).isNull();
    assertThat(lookUp("X-A-Field-Name-Longer-Than-Any-Common-One", 0, 41)).isNull();
  }

  @Test
  void parsedHeadersKeepEveryNameAsGivenAndShareTheCommonOnes() throws HTTPInputException {
    String block =
        "Host: a\r\nHOST: b\r\nuser-agent: c\r\nUser-agent: d\r\nX-Custom: e\r\nTE: f\r\n\r\n";
    HTTPHeaders first = HTTPHeaders.parse(block.getBytes(StandardCharsets.ISO_8859_1));
    HTTPHeaders second = HTTPHeaders.parse(block.getBytes(StandardCharsets.ISO_8859_1));

    assertThat(first.size()).isEqualTo(6);
    for (int i = 0; i < first.size(); i++) {
      assertThat(first.name(i)).isEqualTo(second.name(i));
    }
    assertThat(first.name(0)).isEqualTo("Host").isSameAs(second.name(0));
    assertThat(first.name(1)).isEqualTo("HOST").isNotSameAs(second.name(1));
    assertThat(first.name(2)).isEqualTo("user-agent").isSameAs(second.name(2));
    assertThat(first.name(3)).isEqualTo("User-agent").isNotSameAs(second.name(3));
    assertThat(first.name(4)).isEqualTo("X-Custom").isNotSameAs(second.name(4));
    assertThat(first.name(5)).isEqualTo("TE").isSameAs(second.name(5));
    assertThat(first.getList("host")).containsExactly("a", "b");
    assertThat(first.getList("USER-AGENT")).containsExactly("c", "d");
  }
}
