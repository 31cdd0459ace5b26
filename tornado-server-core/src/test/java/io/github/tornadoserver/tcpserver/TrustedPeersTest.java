package io.github.tornadoserver.tcpserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedPeersTest {
  @Test
  void trustsSingleAddressesAndNetworksOfBothFamilies() {
    TrustedPeers peers = TrustedPeers.of("192.0.2.7", "10.0.0.0/8", "172.16.0.0/12", "fd00::/8");
    assertThat(peers.trusts("192.0.2.7")).isTrue();
    assertThat(peers.trusts("192.0.2.8")).isFalse();
    assertThat(peers.trusts("10.255.1.2")).isTrue();
    assertThat(peers.trusts("11.0.0.1")).isFalse();
    assertThat(peers.trusts("172.31.255.255")).isTrue();
    assertThat(peers.trusts("172.32.0.0")).isFalse();
    assertThat(peers.trusts("fdab::1")).isTrue();
    assertThat(peers.trusts("fe00::1")).isFalse();
    assertThat(peers.trusts(new InetSocketAddress("10.1.2.3", 80))).isTrue();
  }

  @Test
  void anIpv4MappedIpv6PeerIsCheckedAsIpv4() {
    assertThat(TrustedPeers.of("127.0.0.0/8").trusts("::ffff:127.0.0.1")).isTrue();
  }

  @Test
  void unixTrustsEveryUnixDomainPeerAndNothingElse() {
    TrustedPeers unix = TrustedPeers.of("unix");
    assertThat(unix.trusts(UnixDomainSocketAddress.of("/run/x.sock"))).isTrue();
    assertThat(unix.trusts(new InetSocketAddress("127.0.0.1", 1))).isFalse();
    assertThat(TrustedPeers.of("127.0.0.1").trusts(UnixDomainSocketAddress.of("/x"))).isFalse();
  }

  @Test
  void noneTrustsNobodyAndZeroPrefixTrustsEveryAddressOfItsFamily() {
    assertThat(TrustedPeers.none().isEmpty()).isTrue();
    assertThat(TrustedPeers.none().trusts("127.0.0.1")).isFalse();
    assertThat(TrustedPeers.of("0.0.0.0/0").trusts("203.0.113.9")).isTrue();
    assertThat(TrustedPeers.of("0.0.0.0/0").trusts("2001:db8::1")).isFalse();
    assertThat(TrustedPeers.of("10.0.0.1").trusts((SocketAddress) null)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "localhost", "1.2.3"})
  void refusesAnEntryThatIsNoAddressNetworkOrUnix(String entry) {
    assertThatThrownBy(() -> TrustedPeers.of(entry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("trusted peer \"" + entry + "\" (expected: an IP address");
  }
}
