package io.github.tornadoserver.sample.webflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ParametersTest {

  @Test
  void takesTheFallbackWhenTheParameterIsAbsent() {
    assertThat(Parameters.bounded("n", null, 10, 0, 100)).isEqualTo(10);
  }

  @Test
  void acceptsEveryIntegerInTheRangeIncludingItsEnds() {
    assertThat(Parameters.bounded("n", "0", 10, 0, 100)).isZero();
    assertThat(Parameters.bounded("n", " 100 ", 10, 0, 100)).isEqualTo(100);
  }

  @Test
  void refusesAValueOutsideTheRangeQuotingItAndTheRange() {
    assertThatThrownBy(() -> Parameters.bounded("ms", "60001", 0, 0, 60000))
        .isInstanceOf(Parameters.RejectedException.class)
        .hasMessage("ms: 60001 (expected: an integer from 0 to 60000)");
  }

  @Test
  void refusesSomethingThatIsNotAnInteger() {
    assertThatThrownBy(() -> Parameters.bounded("n", "1e9", 0, 0, 10))
        .hasMessage("n: 1e9 (expected: an integer from 0 to 10)");
    assertThatThrownBy(() -> Parameters.bounded("n", "", 0, 0, 10))
        .hasMessage("n:  (expected: an integer from 0 to 10)");
  }
}
