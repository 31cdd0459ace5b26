package io.github.tornadoserver.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoopGroupTest {
  private LoopGroup group;

  @BeforeEach
  void startGroup() {
    group = LoopGroup.start(3, "test-loop-");
  }

  @AfterEach
  void stopGroup() {
    assertThat(group.shutdown(Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void firstGivesTheFirstLoopsInTaskIdOrder() {
    LoopGroup two = group.first(2);
    assertThat(two.size()).isEqualTo(2);
    assertThat(two.loops()).containsExactly(group.loops().get(0), group.loops().get(1));
  }

  @Test
  void firstOfEveryLoopIsTheGroupItself() {
    assertThat(group.first(3)).isSameAs(group);
  }

  @Test
  void firstOutOfRangeIsRefusedQuotingTheRange() {
    assertThatThrownBy(() -> group.first(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("n: 0 (expected: 1..3)");
    assertThatThrownBy(() -> group.first(4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("n: 4 (expected: 1..3)");
  }
}
