package io.github.tornadoserver.netutil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResolverSpecTest {
  @Test
  void theDefaultsAreTheDefaultResolverWithTornadosPoolSize() {
    ResolverSpec spec = ResolverSpec.defaults();
    assertThat(spec.type()).isEqualTo("default");
    assertThat(spec.threads()).isEqualTo(10);
    assertThat(spec.overrides()).isEmpty();
    assertThat(spec.listener()).isSameAs(ResolverListener.NONE);
  }

  @Test
  void nullOverridesAndListenerMeanNone() {
    ResolverSpec spec = new ResolverSpec("blocking", 1, null, null);
    assertThat(spec.overrides()).isEmpty();
    assertThat(spec.listener()).isSameAs(ResolverListener.NONE);
  }

  @Test
  void theOverridesAreCopied() {
    Map<String, String> overrides = new HashMap<>(Map.of("a.test", "localhost"));
    ResolverSpec spec = ResolverSpec.defaults().withOverrides(overrides);
    overrides.clear();
    assertThat(spec.overrides()).containsExactly(Map.entry("a.test", "localhost"));
  }

  @Test
  void aPoolWithoutThreadsIsRefused() {
    assertThatThrownBy(() -> ResolverSpec.defaults().withThreads(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threads: 0 (expected: > 0)");
  }
}
