package io.github.tornadoserver.http1connection;

import static io.github.tornadoserver.http1connection.RequestPhase.BODY_READ;
import static io.github.tornadoserver.http1connection.RequestPhase.DETACHED;
import static io.github.tornadoserver.http1connection.RequestPhase.DONE;
import static io.github.tornadoserver.http1connection.RequestPhase.NEW;
import static io.github.tornadoserver.http1connection.RequestPhase.READING_BODY;
import static io.github.tornadoserver.http1connection.RequestPhase.READING_HEAD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestPhaseTest {
  /** The lifecycle: one step forward, or to an end, until the request ended. */
  private static final Map<RequestPhase, Set<RequestPhase>> ALLOWED =
      Map.of(
          NEW, EnumSet.of(READING_HEAD, DONE, DETACHED),
          READING_HEAD, EnumSet.of(READING_BODY, DONE, DETACHED),
          READING_BODY, EnumSet.of(BODY_READ, DONE, DETACHED),
          BODY_READ, EnumSet.of(DONE, DETACHED),
          DONE, EnumSet.noneOf(RequestPhase.class),
          DETACHED, EnumSet.noneOf(RequestPhase.class));

  static Stream<Arguments> allowedMoves() {
    return moves(true);
  }

  static Stream<Arguments> refusedMoves() {
    return moves(false);
  }

  private static Stream<Arguments> moves(boolean allowed) {
    return Stream.of(RequestPhase.values())
        .flatMap(from -> Stream.of(RequestPhase.values()).map(to -> Arguments.of(from, to)))
        .filter(a -> ALLOWED.get((RequestPhase) a.get()[0]).contains(a.get()[1]) == allowed);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("allowedMoves")
  void aMoveTheLifecycleAllowsReturnsTheNextPhase(RequestPhase from, RequestPhase to) {
    assertThat(from.to(to)).isSameAs(to);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("refusedMoves")
  void anyOtherMoveThrowsNamingBothPhases(RequestPhase from, RequestPhase to) {
    assertThatThrownBy(() -> from.to(to))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("request phase " + from + " cannot move to " + to);
  }

  @ParameterizedTest
  @MethodSource("phases")
  void onlyDoneAndDetachedHaveEnded(RequestPhase phase) {
    assertThat(phase.ended()).isEqualTo(phase == DONE || phase == DETACHED);
  }

  static Stream<RequestPhase> phases() {
    return Stream.of(RequestPhase.values());
  }
}
