package io.github.tornadoserver.iostream;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The in-memory transport: pieces of the chosen size, one per event, writes recorded, EOF. */
class MemoryTransportTest extends StreamTestSupport {

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void partialReadsSeeThePeersBytesInPiecesOfTheChosenSize(int piece) {
    MemoryStreams.Pair pair = MemoryStreams.pair(loop, piece);
    pair.peer().send("0123456789abcdef");
    List<Integer> sizes = new ArrayList<>();
    run(() -> readPieces(pair.stream(), sizes, 16));
    int expected = Math.min(piece, 16);
    assertThat(sizes.get(0)).isEqualTo(expected);
    assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(16);
    assertThat(sizes).allMatch(n -> n <= expected);
  }

  private static CompletableFuture<Void> readPieces(
      IOStream stream, List<Integer> sizes, int left) {
    if (left == 0) {
      return CompletableFuture.completedFuture(null);
    }
    return stream
        .readBytes(left, true)
        .thenCompose(
            b -> {
              sizes.add(b.length);
              return readPieces(stream, sizes, left - b.length);
            });
  }

  @Test
  void whatTheStreamWritesIsRecordedInOrder() {
    MemoryStreams.Pair pair = MemoryStreams.pair(loop, 3);
    run(
        () -> {
          pair.stream().write("hello ".getBytes(US_ASCII));
          return pair.stream().write("world".getBytes(US_ASCII));
        });
    assertThat(pair.peer().receivedText()).isEqualTo("hello world");
    assertThat(pair.stream().bytesSent()).isEqualTo(11);
  }

  @Test
  void thePeerClosingEndsReadUntilCloseAndClosesTheStream() {
    MemoryStreams.Pair pair = MemoryStreams.pair(loop, 2);
    pair.peer().send("last words");
    pair.peer().close();
    byte[] all = run(() -> pair.stream().readUntilClose());
    assertThat(ascii(all)).isEqualTo("last words");
    assertThat(pair.stream().closed()).isTrue();
    assertThat(pair.stream().bytesReceived()).isEqualTo(10);
  }

  @Test
  void closingTheStreamIsSeenByThePeer() {
    MemoryStreams.Pair pair = MemoryStreams.pair(loop, 1);
    pair.stream().write("bye".getBytes(US_ASCII));
    pair.stream().close();
    assertThat(pair.peer().closedByStream()).isTrue();
    assertThat(pair.peer().receivedText()).isEqualTo("bye");
  }

  @Test
  void anIdleStreamWithACloseCallbackNoticesThePeerClosing() {
    MemoryStreams.Pair pair = MemoryStreams.pair(loop, 1);
    boolean closed =
        run(
            () -> {
              CompletableFuture<Boolean> done = new CompletableFuture<>();
              pair.stream().setCloseCallback(() -> done.complete(pair.stream().closed()));
              pair.peer().close();
              return done;
            });
    assertThat(closed).isTrue();
  }
}
