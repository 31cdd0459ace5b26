package io.github.tornadoserver.http1connection;

import static io.github.tornadoserver.http1connection.ConnectionState.BUSY;
import static io.github.tornadoserver.http1connection.ConnectionState.CLOSED;
import static io.github.tornadoserver.http1connection.ConnectionState.CLOSING;
import static io.github.tornadoserver.http1connection.ConnectionState.DETACHED;
import static io.github.tornadoserver.http1connection.ConnectionState.IDLE;
import static io.github.tornadoserver.http1connection.ConnectionState.LINGERING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConnectionStateTest {
  private static final Map<ConnectionState, Set<ConnectionState>> ALLOWED =
      Map.of(
          IDLE, EnumSet.of(BUSY, LINGERING, DETACHED, CLOSED),
          BUSY, EnumSet.of(IDLE, CLOSING, LINGERING, DETACHED, CLOSED),
          CLOSING, EnumSet.of(LINGERING, DETACHED, CLOSED),
          LINGERING, EnumSet.of(CLOSED),
          DETACHED, EnumSet.of(CLOSED),
          CLOSED, EnumSet.noneOf(ConnectionState.class));

  static Stream<Arguments> allowedMoves() {
    return moves(true);
  }

  static Stream<Arguments> refusedMoves() {
    return moves(false);
  }

  private static Stream<Arguments> moves(boolean allowed) {
    return Stream.of(ConnectionState.values())
        .flatMap(from -> Stream.of(ConnectionState.values()).map(to -> Arguments.of(from, to)))
        .filter(a -> ALLOWED.get((ConnectionState) a.get()[0]).contains(a.get()[1]) == allowed);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("allowedMoves")
  void aMoveTheLifecycleAllowsReturnsTheNextState(ConnectionState from, ConnectionState to) {
    assertThat(from.to(to)).isSameAs(to);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("refusedMoves")
  void anyOtherMoveThrowsNamingBothStates(ConnectionState from, ConnectionState to) {
    assertThatThrownBy(() -> from.to(to))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("connection state " + from + " cannot move to " + to);
  }
}
