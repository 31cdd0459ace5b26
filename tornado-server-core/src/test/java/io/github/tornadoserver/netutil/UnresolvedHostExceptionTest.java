package io.github.tornadoserver.netutil;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class UnresolvedHostExceptionTest {
  @Test
  void theMessageNamesTheHostAndTheReason() {
    UnknownHostException cause = new UnknownHostException("x.test: Name or service not known");
    UnresolvedHostException e =
        new UnresolvedHostException("x.test", "Name or service not known", cause);
    assertThat(e).hasMessage("cannot resolve x.test: Name or service not known").hasCause(cause);
    assertThat(e.host()).isEqualTo("x.test");
  }

  @Test
  void aMissingCauseStaysMissing() {
    assertThat(new UnresolvedHostException("x.test", "no INET6 address", null)).hasNoCause();
  }
}
