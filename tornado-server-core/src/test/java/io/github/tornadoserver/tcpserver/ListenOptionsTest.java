package io.github.tornadoserver.tcpserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tornadoserver.netutil.NetUtil;
import java.net.StandardProtocolFamily;
import org.junit.jupiter.api.Test;

class ListenOptionsTest {

  @Test
  void defaultsAreEveryInterfaceBothFamiliesTheDefaultBacklogAndNoReuse() {
    ListenOptions defaults = ListenOptions.defaults();
    assertThat(defaults.address()).isNull();
    assertThat(defaults.family()).isNull();
    assertThat(defaults.backlog()).isEqualTo(NetUtil.DEFAULT_BACKLOG);
    assertThat(defaults.reusePort()).isFalse();
  }

  @Test
  void eachWitherChangesItsValueInACopy() {
    ListenOptions options =
        ListenOptions.defaults()
            .withAddress("127.0.0.1")
            .withFamily(StandardProtocolFamily.INET)
            .withBacklog(1024)
            .withReusePort(true);
    assertThat(options)
        .isEqualTo(new ListenOptions("127.0.0.1", StandardProtocolFamily.INET, 1024, true));
    assertThat(ListenOptions.defaults().backlog()).isEqualTo(NetUtil.DEFAULT_BACKLOG);
  }

  @Test
  void aBacklogBelowOneIsRefusedQuotingIt() {
    assertThatThrownBy(() -> ListenOptions.defaults().withBacklog(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backlog: 0 (expected: > 0)");
  }

  @Test
  void aFamilyOtherThanInetIsRefusedQuotingIt() {
    assertThatThrownBy(() -> ListenOptions.defaults().withFamily(StandardProtocolFamily.UNIX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("family: UNIX (expected: INET, INET6 or null for both)");
  }
}
