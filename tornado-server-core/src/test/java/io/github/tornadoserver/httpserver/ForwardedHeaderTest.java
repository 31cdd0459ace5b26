package io.github.tornadoserver.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.httpserver.ForwardedHeader.Element;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForwardedHeaderTest {
  @Test
  void readsEveryHopWithItsParametersInOrder() {
    List<Element> hops =
        ForwardedHeader.parse(
            "for=192.0.2.60;proto=HTTPS;by=203.0.113.43;host=example.com,"
                + " For=\"[2001:db8:cafe::17]:4711\"");
    assertThat(hops).hasSize(2);
    assertThat(hops.get(0))
        .isEqualTo(new Element("192.0.2.60", "203.0.113.43", "https", "example.com"));
    assertThat(hops.get(0).forIp()).isEqualTo("192.0.2.60");
    assertThat(hops.get(0).forPort()).isEqualTo(-1);
    assertThat(hops.get(1).forNode()).isEqualTo("[2001:db8:cafe::17]:4711");
    assertThat(hops.get(1).forIp()).isEqualTo("2001:db8:cafe::17");
    assertThat(hops.get(1).forPort()).isEqualTo(4711);
  }

  @Test
  void unknownAndObfuscatedNodesHaveNoIp() {
    List<Element> hops = ForwardedHeader.parse("for=unknown, for=_hidden, for=\"_SEVKISEK:_x\"");
    assertThat(hops).extracting(Element::forIp).containsExactly(null, null, null);
    assertThat(hops).extracting(Element::forPort).containsExactly(-1, -1, -1);
  }

  @Test
  void quotedStringsMayHoldCommasSemicolonsAndEscapes() {
    List<Element> hops =
        ForwardedHeader.parse("host=\"a,b;c\\\"d\";for=\"10.0.0.1:8080\", for=10.0.0.2");
    assertThat(hops).hasSize(2);
    assertThat(hops.get(0).host()).isEqualTo("a,b;c\"d");
    assertThat(hops.get(0).forIp()).isEqualTo("10.0.0.1");
    assertThat(hops.get(0).forPort()).isEqualTo(8080);
  }

  @Test
  void aNodeWithAPortMustBeQuotedAsTheGrammarSays() {
    assertThat(ForwardedHeader.parse("for=10.0.0.1:8080")).isEmpty();
  }

  @Test
  void emptyPairsAndExtensionParametersAreAllowed() {
    List<Element> hops = ForwardedHeader.parse(";for=10.0.0.1;;ext=1 ;");
    assertThat(hops).containsExactly(new Element("10.0.0.1", null, null, null));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "for",
        "for=",
        "for=\"unterminated",
        "for=1.2.3.4 junk",
        "=1.2.3.4",
        "for=a b",
        "for=\"a\u0001\""
      })
  void aMalformedFieldYieldsNoElementsAtAll(String value) {
    assertThat(ForwardedHeader.parse("for=10.0.0.9, " + value)).isEmpty();
  }

  @Test
  void aBracketlessIpv6OrABracketedIpv4IsNoAddress() {
    assertThat(ForwardedHeader.nodeIp("2001:db8::1")).isNull();
    assertThat(ForwardedHeader.nodeIp("[192.0.2.1]")).isNull();
    assertThat(ForwardedHeader.nodeIp("[::1]")).isEqualTo("::1");
    assertThat(ForwardedHeader.nodePort("10.0.0.1:65536")).isEqualTo(-1);
  }
}
