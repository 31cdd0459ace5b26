package io.github.tornadoserver.httpserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tornadoserver.tcpserver.TrustedPeers;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ForwardedOptionsTest {

  private static ForwardedOptions trusting(TrustedPeers peers, String... downstream) {
    return new ForwardedOptions(
        peers,
        Set.of(downstream),
        ForwardedOptions.ClientHeader.TORNADO,
        ForwardedOptions.SchemeHeader.TORNADO);
  }

  @Test
  void withoutTrustedProxiesEveryPeerIsBelievedAsInTornado() {
    ForwardedOptions tornado = ForwardedOptions.tornado();
    assertThat(tornado.honours(new InetSocketAddress("198.51.100.1", 5000))).isTrue();
    assertThat(tornado.honours(null)).isTrue();
    assertThat(tornado.clientHeader()).isEqualTo(ForwardedOptions.ClientHeader.TORNADO);
    assertThat(tornado.schemeHeader()).isEqualTo(ForwardedOptions.SchemeHeader.TORNADO);
  }

  @Test
  void withTrustedProxiesOnlyTheirConnectionsAreBelieved() {
    ForwardedOptions options = trusting(TrustedPeers.of("10.0.0.0/8", "::1"));
    assertThat(options.honours(new InetSocketAddress("10.20.30.40", 5000))).isTrue();
    assertThat(options.honours(new InetSocketAddress("::1", 5000))).isTrue();
    assertThat(options.honours(new InetSocketAddress("11.0.0.1", 5000))).isFalse();
    assertThat(options.honours(UnixDomainSocketAddress.of("/tmp/s"))).isFalse();
    assertThat(options.honours(null)).isFalse();
  }

  @Test
  void unixTrustsEveryUnixDomainPeer() {
    assertThat(trusting(TrustedPeers.of("unix")).honours(UnixDomainSocketAddress.of("s"))).isTrue();
  }

  @Test
  void trustingNobodyBelievesNobody() {
    assertThat(trusting(TrustedPeers.none()).honours(new InetSocketAddress("127.0.0.1", 1)))
        .isFalse();
  }

  @Test
  void ownHopsAreTheDownstreamListAndTheTrustedProxies() {
    ForwardedOptions options = trusting(TrustedPeers.of("10.0.0.0/8"), "5.5.5.5", "proxy-a");
    assertThat(options.isOwnHop("5.5.5.5")).isTrue();
    assertThat(options.isOwnHop("proxy-a")).isTrue();
    assertThat(options.isOwnHop("10.1.1.1")).isTrue();
    assertThat(options.isOwnHop("4.4.4.4")).isFalse();
    assertThat(options.isOwnHop("_hidden")).isFalse();
    assertThat(options.isOwnHop("")).isFalse();
  }

  @Test
  void aMissingChoiceCannotBeBuilt() {
    assertThatThrownBy(
            () -> new ForwardedOptions(null, Set.of(), null, ForwardedOptions.SchemeHeader.TORNADO))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("clientHeader");
  }
}
