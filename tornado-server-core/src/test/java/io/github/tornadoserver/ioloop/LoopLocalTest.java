package io.github.tornadoserver.ioloop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoopLocalTest {
  private static final AtomicInteger MADE = new AtomicInteger();
  private static final LoopLocal<StringBuilder> TEXT =
      LoopLocal.withInitial(
          () -> {
            MADE.incrementAndGet();
            return new StringBuilder();
          });
  private static final LoopLocal<Integer> NUMBER = LoopLocal.withInitial(() -> -1);

  private IOLoop first;
  private IOLoop second;

  @BeforeEach
  void createLoops() {
    first = new IOLoop();
    second = new IOLoop();
    MADE.set(0);
  }

  @AfterEach
  void closeLoops() {
    first.close(false);
    second.close(false);
  }

  @Test
  void eachLoopHasItsOwnValueMadeOnceOnFirstUse() {
    TEXT.get(first).append("first");
    TEXT.get(second).append("second");

    assertThat(TEXT.get(first)).hasToString("first");
    assertThat(TEXT.get(second)).hasToString("second");
    assertThat(MADE).hasValue(2);
  }

  @Test
  void aSetValueReplacesTheInitialOneOnThatLoopOnly() {
    NUMBER.set(first, 7);

    assertThat(NUMBER.get(first)).isEqualTo(7);
    assertThat(NUMBER.get(second)).isEqualTo(-1);
  }

  @Test
  void valuesOfDifferentLoopLocalsDoNotMix() {
    NUMBER.set(first, 3);
    TEXT.get(first).append("x");

    assertThat(NUMBER.get(first)).isEqualTo(3);
    assertThat(TEXT.get(first)).hasToString("x");
  }

  @Test
  void offTheLoopThreadItThrows() throws Exception {
    Throwable thrown = LoopTesting.onNewThread("elsewhere", () -> catchGet(first));

    assertThat(thrown)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'elsewhere'");
  }

  @Test
  void aClosedLoopKeepsNoValue() {
    NUMBER.set(first, 5);
    first.close(false);

    assertThat(NUMBER.get(first)).isEqualTo(-1);
    assertThatThrownBy(() -> NUMBER.set(first, 6))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("IOLoop is closed");
  }

  private static Throwable catchGet(IOLoop loop) {
    try {
      NUMBER.get(loop);
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }
}
