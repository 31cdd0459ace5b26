package io.github.tornadoserver.iostream;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.testing.LogCapture;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every stream shares, run over a real loopback connection for each transport
 * (Tornado's TestReadWriteMixin). Fragmentation: the writer sends pieces of 1, 2, 7 bytes or the
 * whole message, flushing each with TCP_NODELAY, and the reader reads the socket in chunks of the
 * same size, so each read method sees its input split at every boundary.
 */
abstract class StreamContractTest extends StreamTestSupport {

  abstract StreamPair.Factory factory();

  StreamPair pair(StreamOptions serverOptions) {
    return run(() -> StreamPair.connect(factory(), serverOptions));
  }

  StreamPair pair() {
    return pair(StreamOptions.defaults());
  }

  // ---------------------------------------------------------------- reads at every fragmentation

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void readUntilReturnsEachLineAtEveryFragmentation(int piece) {
    StreamPair p = pair(chunked(piece));
    byte[] message = "first line\r\nsecond\r\n\r\nrest".getBytes(US_ASCII);
    List<String> lines =
        run(
            () -> {
              writeInPieces(p.client(), message, piece);
              List<String> got = new ArrayList<>();
              byte[] crlf = "\r\n".getBytes(US_ASCII);
              return p.server()
                  .readUntil(crlf)
                  .thenCompose(l -> add(got, l, p.server().readUntil(crlf)))
                  .thenCompose(l -> add(got, l, p.server().readUntil(crlf)))
                  .thenCompose(l -> add(got, l, p.server().readBytes(4)))
                  .thenApply(l -> add(got, l));
            });
    assertThat(lines).containsExactly("first line\r\n", "second\r\n", "\r\n", "rest");
  }

  private static CompletableFuture<byte[]> add(
      List<String> into, byte[] line, CompletableFuture<byte[]> next) {
    into.add(ascii(line));
    return next;
  }

  private static List<String> add(List<String> into, byte[] line) {
    into.add(ascii(line));
    return into;
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void readUntilRegexEndsAtTheMatchAtEveryFragmentation(int piece) {
    byte[][] parts =
        headThenBody(
            piece, "HEAD\r\n\r\nbody", s -> s.readUntilRegex(Pattern.compile("\r?\n\r?\n")));
    assertThat(ascii(parts[0])).isEqualTo("HEAD\r\n\r\n");
    assertThat(ascii(parts[1])).isEqualTo("body");
  }

  /**
   * Sends {@code message} in pieces of {@code piece} bytes, reads its head with {@code readHead},
   * then its 4-byte body: the head and the body, as the server read them.
   */
  private byte[][] headThenBody(
      int piece, String message, Function<IOStream, CompletableFuture<byte[]>> readHead) {
    StreamPair p = pair(chunked(piece));
    return run(
        () -> {
          writeInPieces(p.client(), message.getBytes(US_ASCII), piece);
          return readHead
              .apply(p.server())
              .thenCompose(head -> p.server().readBytes(4).thenApply(b -> new byte[][] {head, b}));
        });
  }

  /** A blank line in either spelling, as an HTTP head ends: a scanner of at most 4 bytes. */
  private static final DelimiterScanner BLANK_LINE =
      new DelimiterScanner() {
        @Override
        public int endOf(byte[] bytes, int from, int to) {
          for (int i = from; i < to - 1; i++) {
            if (bytes[i] == '\n' && bytes[i + 1] == '\n') {
              return i + 2;
            }
            if (bytes[i] == '\n' && bytes[i + 1] == '\r' && i + 2 < to && bytes[i + 2] == '\n') {
              return i + 3;
            }
          }
          return -1;
        }

        @Override
        public int maxLength() {
          return 4;
        }
      };

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void readUntilOrFailWithAScannerEndsAtTheDelimiterAtEveryFragmentation(int piece) {
    byte[][] parts =
        headThenBody(piece, "HEAD\r\nX: y\n\r\nbody", s -> s.readUntilOrFail(BLANK_LINE, 100));
    assertThat(ascii(parts[0])).isEqualTo("HEAD\r\nX: y\n\r\n");
    assertThat(ascii(parts[1])).isEqualTo("body");
  }

  @Test
  void readUntilOrFailWithAScannerFailsOnlyTheReadBeyondMaxBytes() {
    StreamPair p = pair();
    CompletableFuture<byte[]> read =
        run(
            () -> {
              p.client().write("abcdefgh\r\n".getBytes(US_ASCII));
              CompletableFuture<byte[]> r = p.server().readUntilOrFail(BLANK_LINE, 6);
              return r.handle((v, e) -> r);
            });
    assertThat(failureOf(read))
        .isInstanceOf(UnsatisfiableReadException.class)
        .hasMessageContaining("not found within 6 bytes");
    assertThat(p.server().closed()).isFalse();
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void readUntilOrFailWithACallbackEndsAtTheDelimiterAtEveryFragmentation(int piece) {
    byte[][] parts =
        headThenBody(
            piece,
            "HEAD\r\nX: y\n\r\nbody",
            s -> {
              CompletableFuture<byte[]> head = new CompletableFuture<>();
              s.readUntilOrFail(
                  BLANK_LINE,
                  100,
                  (bytes, error) -> {
                    if (error != null) {
                      head.completeExceptionally(error);
                    } else {
                      head.complete(bytes);
                    }
                  });
              return head;
            });
    assertThat(ascii(parts[0])).isEqualTo("HEAD\r\nX: y\n\r\n");
    assertThat(ascii(parts[1])).isEqualTo("body");
  }

  @Test
  void readUntilOrFailWithACallbackFailsOnlyTheReadBeyondMaxBytes() {
    StreamPair p = pair();
    Throwable failure =
        run(
            () -> {
              p.client().write("abcdefgh\r\n".getBytes(US_ASCII));
              return callbackFailure(p.server(), 6);
            });
    assertThat(failure)
        .isInstanceOf(UnsatisfiableReadException.class)
        .hasMessageContaining("not found within 6 bytes");
    assertThat(p.server().closed()).isFalse();
  }

  @Test
  void closingDuringAPendingCallbackReadFailsItWithStreamClosed() {
    StreamPair p = pair();
    Throwable failure =
        run(
            () -> {
              CompletableFuture<Throwable> f = callbackFailure(p.server(), 100);
              loop.callLater(Duration.ofMillis(10), p.server()::close);
              return f;
            });
    assertThat(failure).isInstanceOf(StreamClosedException.class);
  }

  @Test
  void aCallbackReadWhileAnotherIsPendingIsRefusedAndOnAClosedStreamFails() {
    StreamPair p = pair();
    p.server().readBytes(1);
    assertThatThrownBy(() -> p.server().readUntilOrFail(BLANK_LINE, 10, (v, e) -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Already reading");
    p.server().close();
    CompletableFuture<Throwable> failure = callbackFailure(p.server(), 10);
    assertThat(failure).isCompleted();
    assertThat(failure.join()).isInstanceOf(StreamClosedException.class);
  }

  /** A callback read of a blank line: the failure it reports (a success fails the future). */
  private static CompletableFuture<Throwable> callbackFailure(IOStream stream, int maxBytes) {
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    stream.readUntilOrFail(
        BLANK_LINE,
        maxBytes,
        (bytes, error) -> {
          if (error != null) {
            failure.complete(error);
          } else {
            failure.completeExceptionally(new AssertionError("read " + ascii(bytes)));
          }
        });
    return failure;
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void readBytesReturnsExactlyTheCountAtEveryFragmentation(int piece) {
    StreamPair p = pair(chunked(piece));
    byte[] message = "0123456789abcdefghij".getBytes(US_ASCII);
    byte[][] parts =
        run(
            () -> {
              writeInPieces(p.client(), message, piece);
              return p.server()
                  .readBytes(3)
                  .thenCompose(a -> p.server().readBytes(17).thenApply(b -> new byte[][] {a, b}));
            });
    assertThat(ascii(parts[0])).isEqualTo("012");
    assertThat(ascii(parts[1])).isEqualTo("3456789abcdefghij");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void partialReadBytesReturnsBetweenOneAndTheCountAtEveryFragmentation(int piece) {
    StreamPair p = pair(chunked(piece));
    byte[] message = "abcdefghijklmnopqrstuvwxyz".getBytes(US_ASCII);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    run(
        () -> {
          writeInPieces(p.client(), message, piece);
          return readPartially(p.server(), received, message.length);
        });
    assertThat(ascii(received.toByteArray())).isEqualTo("abcdefghijklmnopqrstuvwxyz");
  }

  private static CompletableFuture<Void> readPartially(
      IOStream stream, ByteArrayOutputStream into, int total) {
    if (into.size() == total) {
      return CompletableFuture.completedFuture(null);
    }
    return stream
        .readBytes(5, true)
        .thenCompose(
            chunk -> {
              assertThat(chunk.length).isBetween(1, 5);
              into.write(chunk, 0, chunk.length);
              return readPartially(stream, into, total);
            });
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void readIntoFillsTheBufferAtEveryFragmentation(int piece) {
    StreamPair p = pair(chunked(piece));
    byte[] message = "0123456789".getBytes(US_ASCII);
    ByteBuffer target = ByteBuffer.allocate(10);
    int n =
        run(
            () -> {
              writeInPieces(p.client(), message, piece);
              return p.server().readInto(target, false);
            });
    assertThat(n).isEqualTo(10);
    assertThat(ascii(target.array())).isEqualTo("0123456789");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, WHOLE})
  void readUntilCloseReturnsEverythingTheePeerSentAtEveryFragmentation(int piece) {
    StreamPair p = pair(chunked(piece));
    byte[] message = "everything until the end".getBytes(US_ASCII);
    byte[] all =
        run(
            () -> {
              writeInPieces(p.client(), message, piece).thenRun(p.client()::close);
              return p.server().readUntilClose();
            });
    assertThat(ascii(all)).isEqualTo("everything until the end");
  }

  @Test
  void partialReadIntoCopiesWhatIsThere() {
    StreamPair p = pair();
    ByteBuffer target = ByteBuffer.allocate(100);
    int n =
        run(
            () -> {
              p.client().write("abc".getBytes(US_ASCII));
              return p.server().readInto(target, true);
            });
    assertThat(n).isBetween(1, 3);
  }

  @Test
  void readBytesOfZeroCompletesAtOnce() {
    StreamPair p = pair();
    CompletableFuture<byte[]> read = p.server().readBytes(0);
    assertThat(read).isDone();
    assertThat(read.join()).isEmpty();
  }

  @Test
  void aLargeReadUntilCompletes() {
    StreamPair p = pair();
    byte[] big = new byte[4 * 1024 * 1024];
    Arrays.fill(big, (byte) 'x');
    big[big.length - 1] = '\n';
    byte[] got =
        run(
            () -> {
              p.client().write(big);
              return p.server().readUntil(new byte[] {'\n'});
            });
    assertThat(got).hasSize(big.length);
  }

  // ---------------------------------------------------------------- limits

  @Test
  void readUntilFailsWhenTheDelimiterIsBeyondMaxBytes() {
    LogCapture.expect("tornado.general", Level.INFO, "Unsatisfiable read");
    StreamPair p = pair();
    CompletableFuture<byte[]> read =
        run(
            () -> {
              p.client().write("abcdef".getBytes(US_ASCII));
              CompletableFuture<byte[]> r = p.server().readUntil("def".getBytes(US_ASCII), 5);
              return r.handle((v, e) -> r);
            });
    Throwable failure = failureOf(read);
    assertThat(failure).isInstanceOf(StreamClosedException.class);
    assertThat(failure.getCause())
        .isInstanceOf(UnsatisfiableReadException.class)
        .hasMessageContaining("not found within 5 bytes");
    assertThat(p.server().closed()).isTrue();
    assertThat(LogCapture.messages("tornado.general", Level.INFO))
        .anyMatch(m -> m.startsWith("Unsatisfiable read, closing connection"));
  }

  @Test
  void readUntilFailsWhenMoreThanMaxBytesArriveWithoutTheDelimiter() {
    StreamPair p = pair();
    CompletableFuture<byte[]> read =
        run(
            () -> {
              p.client().write("123456".getBytes(US_ASCII));
              CompletableFuture<byte[]> r = p.server().readUntil("def".getBytes(US_ASCII), 5);
              return r.handle((v, e) -> r);
            });
    assertThat(failureOf(read).getCause()).isInstanceOf(UnsatisfiableReadException.class);
  }

  @Test
  void readUntilRegexFailsWhenTheMatchEndsBeyondMaxBytes() {
    StreamPair p = pair();
    CompletableFuture<byte[]> read =
        run(
            () -> {
              p.client().write("abcdef".getBytes(US_ASCII));
              CompletableFuture<byte[]> r = p.server().readUntilRegex(Pattern.compile("def"), 5);
              return r.handle((v, e) -> r);
            });
    assertThat(failureOf(read).getCause()).isInstanceOf(UnsatisfiableReadException.class);
  }

  @Test
  void readUntilOrFailFailsOnlyTheReadAndLeavesTheStreamOpen() {
    StreamPair p = pair();
    CompletableFuture<byte[]> read =
        run(
            () -> {
              p.client().write("abcdefgh".getBytes(US_ASCII));
              CompletableFuture<byte[]> r = p.server().readUntilOrFail(new byte[] {'\n'}, 4);
              return r.handle((v, e) -> r);
            });
    assertThat(failureOf(read))
        .isInstanceOf(UnsatisfiableReadException.class)
        .hasMessageContaining("not found within 4 bytes");
    assertThat(p.server().closed()).isFalse();
    byte[] echoed =
        run(
            () ->
                p.server()
                    .write("reply".getBytes(US_ASCII))
                    .thenCompose(v -> p.client().readBytes(5)));
    assertThat(ascii(echoed)).isEqualTo("reply");
  }

  @Test
  void readUntilWithinMaxBytesSucceeds() {
    StreamPair p = pair();
    byte[] got =
        run(
            () -> {
              p.client().write("abcdef".getBytes(US_ASCII));
              return p.server().readUntil("def".getBytes(US_ASCII), 6);
            });
    assertThat(ascii(got)).isEqualTo("abcdef");
  }

  @Test
  void theReadBufferClosesTheStreamPastMaxBufferSize() {
    StreamPair p = pair(StreamOptions.defaults().withMaxBufferSize(10 * 1024));
    byte[] noNewline = new byte[64 * 1024];
    CompletableFuture<byte[]> read =
        run(
            () -> {
              p.client().write(noNewline);
              CompletableFuture<byte[]> r = p.server().readUntil(new byte[] {'\n'});
              return r.handle((v, e) -> r);
            });
    assertThat(failureOf(read).getCause())
        .isInstanceOf(StreamBufferFullException.class)
        .hasMessageContaining("maxBufferSize 10240");
  }

  @Test
  void smallReadsFromALargePendingInputStayWithinMaxBufferSize() {
    StreamPair p = pair(StreamOptions.defaults().withMaxBufferSize(10 * 1024));
    byte[] data = new byte[100 * 1024];
    int reads =
        run(
            () -> {
              p.client().write(data);
              return readBytesRepeatedly(p.server(), 1024, 100, 0);
            });
    assertThat(reads).isEqualTo(100);
    assertThat(p.server().closed()).isFalse();
  }

  private static CompletableFuture<Integer> readBytesRepeatedly(
      IOStream stream, int size, int times, int done) {
    if (done == times) {
      return CompletableFuture.completedFuture(done);
    }
    return stream
        .readBytes(size)
        .thenCompose(b -> readBytesRepeatedly(stream, size, times, done + 1));
  }

  @Test
  void aReaderSlowerThanTheWriterHoldsTheWriterBackWithoutOverflow() {
    StreamPair p = pair(StreamOptions.defaults().withMaxBufferSize(5 * 1024 * 1024));
    byte[] tenMiB = new byte[10 * 1024 * 1024];
    int reads =
        run(
            () -> {
              p.client().write(tenMiB);
              return readBytesRepeatedly(p.server(), 1024 * 1024, 10, 0);
            });
    assertThat(reads).isEqualTo(10);
  }

  @Test
  void manyConsecutiveInlineReadsDoNotOverflowTheStack() {
    StreamPair p = pair();
    byte[] data = new byte[50_000];
    int reads =
        run(
            () -> {
              p.client().write(data);
              return readBytesRepeatedly(p.server(), 1, data.length, 0);
            });
    assertThat(reads).isEqualTo(data.length);
  }

  // ---------------------------------------------------------------- close

  @Test
  void closingDuringAPendingReadFailsItWithStreamClosed() {
    StreamPair p = pair();
    CompletableFuture<byte[]> read =
        run(
            () -> {
              CompletableFuture<byte[]> r = p.server().readBytes(10);
              loop.callLater(Duration.ofMillis(10), p.server()::close);
              return r.handle((v, e) -> r);
            });
    assertThat(failureOf(read)).isInstanceOf(StreamClosedException.class);
  }

  @Test
  void thePeerClosingFailsAPendingReadAfterDeliveringWhatItSent() {
    StreamPair p = pair();
    List<Object> outcomes =
        run(
            () -> {
              p.client().write("data".getBytes(US_ASCII)).thenRun(p.client()::close);
              List<Object> seen = new ArrayList<>();
              return p.server()
                  .readBytes(4)
                  .thenCompose(
                      b -> {
                        seen.add(ascii(b));
                        return p.server().readBytes(1);
                      })
                  .handle(
                      (v, e) -> {
                        seen.add(e.getCause().getClass());
                        return seen;
                      });
            });
    assertThat(outcomes).containsExactly("data", StreamClosedException.class);
  }

  @Test
  void theCloseCallbackRunsAfterPendingFuturesFailed() {
    StreamPair p = pair();
    List<String> order = new ArrayList<>();
    run(
        () -> {
          CompletableFuture<Void> closed = new CompletableFuture<>();
          p.server()
              .setCloseCallback(
                  () -> {
                    order.add("close callback");
                    closed.complete(null);
                  });
          p.server().readBytes(1).whenComplete((v, e) -> order.add("read failed"));
          p.client().close();
          return closed;
        });
    assertThat(order).containsExactly("read failed", "close callback");
  }

  @Test
  void anIdleStreamWithACloseCallbackNoticesThePeerClosing() {
    StreamPair p = pair();
    boolean closed =
        run(
            () -> {
              CompletableFuture<Boolean> done = new CompletableFuture<>();
              p.server().setCloseCallback(() -> done.complete(p.server().closed()));
              p.client().close();
              return done;
            });
    assertThat(closed).isTrue();
  }

  @Test
  void aCloseCallbackSetOnAClosedStreamStillRuns() {
    StreamPair p = pair();
    p.server().close();
    boolean ran =
        run(
            () -> {
              CompletableFuture<Boolean> done = new CompletableFuture<>();
              p.server().setCloseCallback(() -> done.complete(true));
              return done;
            });
    assertThat(ran).isTrue();
  }

  @Test
  void readsAfterCloseAreServedFromTheLeftoverBuffer() {
    StreamPair p = pair();
    byte[] rest =
        run(
            () -> {
              p.client().write("abcdef".getBytes(US_ASCII)).thenRun(p.client()::close);
              return p.server()
                  .readBytes(2)
                  .thenCompose(b -> p.server().readUntilClose())
                  .thenCompose(b -> CompletableFuture.completedFuture(b));
            });
    assertThat(ascii(rest)).isEqualTo("cdef");
  }

  @Test
  void writingToAClosedStreamFails() {
    StreamPair p = pair();
    p.server().close();
    assertThat(failureOf(p.server().write(new byte[1]))).isInstanceOf(StreamClosedException.class);
  }

  @Test
  void aSecondConcurrentReadIsRefused() {
    StreamPair p = pair();
    p.server().readBytes(1);
    assertThatThrownBy(() -> p.server().readBytes(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Already reading");
  }

  @Test
  void closeIsIdempotent() {
    StreamPair p = pair();
    p.server().close();
    p.server().close();
    assertThat(p.server().closed()).isTrue();
    assertThat(p.server().error()).isNull();
  }

  // ---------------------------------------------------------------- writes

  @Test
  void writeFuturesCompleteInOrderOnceTheBytesReachTheKernel() {
    StreamPair p = pair();
    List<Integer> order = new ArrayList<>();
    byte[] got =
        run(
            () -> {
              for (int i = 0; i < 5; i++) {
                int n = i;
                p.client().write(("" + i).getBytes(US_ASCII)).thenRun(() -> order.add(n));
              }
              return p.server().readBytes(5);
            });
    assertThat(ascii(got)).isEqualTo("01234");
    assertThat(order).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void aPeerThatNeverReadsMakesWritesWaitInsteadOfGrowingPastTheLimit() {
    int limit = 1024 * 1024;
    StreamPair p =
        run(
            () ->
                StreamPair.connect(
                    (ch, serverSide, o) ->
                        factory()
                            .create(
                                ch, serverSide, serverSide ? o : o.withMaxWriteBufferSize(limit)),
                    StreamOptions.defaults()));
    byte[] chunk = new byte[64 * 1024];
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    Throwable refused = null;
    for (int i = 0; i < 2000 && refused == null; i++) {
      CompletableFuture<Void> write = p.client().write(chunk);
      if (write.isCompletedExceptionally()) {
        refused = failureOf(write);
      } else {
        writes.add(write);
      }
    }
    CompletableFuture<Void> lastAccepted = writes.get(writes.size() - 1);
    assertThat(refused)
        .isInstanceOf(StreamBufferFullException.class)
        .hasMessageContaining("exceeds maxWriteBufferSize " + limit);
    assertThat(lastAccepted).isNotDone();
    assertThat(p.client().writeBufferSize()).isBetween(1L, (long) limit);
    assertThat(p.client().closed()).isFalse();

    long total = (long) writes.size() * chunk.length;
    Long received = run(() -> lastAccepted.thenCombine(drain(p.server(), total, 0), (v, n) -> n));
    assertThat(received).isEqualTo(total);
  }

  // ---------------------------------------------------------------- counters and observer

  @Test
  void byteCountsFollowWhatCrossesTheSocketBothWays() {
    StreamPair p = pair();
    byte[] answer =
        run(
            () ->
                p.client()
                    .write(new byte[100])
                    .thenCompose(v -> p.server().readBytes(100))
                    .thenCompose(b -> p.server().write(new byte[30]))
                    .thenCompose(v -> p.client().readBytes(30)));
    assertThat(answer).hasSize(30);
    // TLS adds records and the handshake: at least the payload, never less.
    assertThat(p.server().bytesReceived()).isGreaterThanOrEqualTo(100);
    assertThat(p.client().bytesSent()).isGreaterThanOrEqualTo(p.server().bytesReceived());
    assertThat(p.server().bytesSent()).isGreaterThanOrEqualTo(30);
    assertThat(p.client().bytesReceived()).isGreaterThanOrEqualTo(30);
  }

  @Test
  void theObserverHearsOfTheCloseOnceWithTheFinalCounts() {
    StreamPair p = pair();
    RecordingObserver observer = new RecordingObserver();
    p.server().setObserver(observer);
    run(() -> p.client().write(new byte[10]).thenCompose(v -> p.server().readBytes(10)));
    long received = p.server().bytesReceived();
    p.server().close();
    p.server().close();
    assertThat(observer.closes())
        .containsExactly("closed received=" + received + " sent=" + p.server().bytesSent());
  }

  @Test
  void aPeerCloseIsReportedToTheObserver() {
    StreamPair p = pair();
    RecordingObserver observer = new RecordingObserver();
    p.server().setObserver(observer);
    run(
        () -> {
          p.client().close();
          return p.server().readUntilClose();
        });
    assertThat(observer.closes()).hasSize(1);
  }

  private static CompletableFuture<Long> drain(IOStream stream, long total, long got) {
    if (got >= total) {
      return CompletableFuture.completedFuture(got);
    }
    return stream.readBytes(64 * 1024, true).thenCompose(b -> drain(stream, total, got + b.length));
  }
}
