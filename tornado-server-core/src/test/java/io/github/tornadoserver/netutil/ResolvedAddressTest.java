package io.github.tornadoserver.netutil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import org.junit.jupiter.api.Test;

class ResolvedAddressTest {
  @Test
  void ofReadsTheFamilyFromTheAddress() throws Exception {
    assertThat(ResolvedAddress.of(new InetSocketAddress(InetAddress.getByName("::1"), 1)).family())
        .isEqualTo(StandardProtocolFamily.INET6);
    assertThat(
            ResolvedAddress.of(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 1))
                .family())
        .isEqualTo(StandardProtocolFamily.INET);
  }

  @Test
  void aFamilyThatIsNotTheAddresssIsRefused() throws Exception {
    InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 80);
    assertThatThrownBy(() -> new ResolvedAddress(StandardProtocolFamily.INET6, v4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("family: INET6 (expected: INET for ");
  }

  @Test
  void anUnresolvedAddressIsRefused() {
    assertThatThrownBy(() -> ResolvedAddress.of(InetSocketAddress.createUnresolved("x.test", 80)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected: a resolved address");
  }
}
