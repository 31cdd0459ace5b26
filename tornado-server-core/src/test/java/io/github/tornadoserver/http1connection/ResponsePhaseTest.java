package io.github.tornadoserver.http1connection;

import static io.github.tornadoserver.http1connection.ResponsePhase.FINISHED;
import static io.github.tornadoserver.http1connection.ResponsePhase.HEADERS_WRITTEN;
import static io.github.tornadoserver.http1connection.ResponsePhase.IDLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponsePhaseTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"IDLE, HEADERS_WRITTEN", "IDLE, FINISHED", "HEADERS_WRITTEN, FINISHED"})
  void aLaterPhaseCanBeReached(ResponsePhase from, ResponsePhase to) {
    assertThat(from.to(to)).isSameAs(to);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "IDLE, IDLE",
    "HEADERS_WRITTEN, IDLE",
    "HEADERS_WRITTEN, HEADERS_WRITTEN",
    "FINISHED, IDLE",
    "FINISHED, HEADERS_WRITTEN",
    "FINISHED, FINISHED"
  })
  void noPhaseIsEnteredTwiceOrLeftBackwardsAndTheMessageNamesBoth(
      ResponsePhase from, ResponsePhase to) {
    assertThatThrownBy(() -> from.to(to))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("response phase " + from + " cannot move to " + to);
  }

  @Test
  void theLifecycleIsInDeclarationOrder() {
    assertThat(ResponsePhase.values()).containsExactly(IDLE, HEADERS_WRITTEN, FINISHED);
  }
}
