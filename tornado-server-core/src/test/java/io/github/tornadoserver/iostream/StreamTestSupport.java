package io.github.tornadoserver.iostream;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.ioloop.IOLoop;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh loop per test, run on the test thread with a 5 s bound, and small helpers. */
abstract class StreamTestSupport {
  static final int WHOLE = Integer.MAX_VALUE;
  static final Duration BOUND = Duration.ofSeconds(5);

  IOLoop loop;

  @BeforeEach
  void newLoop() {
    loop = new IOLoop();
    loop.makeCurrent();
  }

  @AfterEach
  void closeLoop() {
    loop.close(true);
  }

  <T> T run(Supplier<? extends CompletionStage<? extends T>> body) {
    try {
      return loop.runSync(body, BOUND);
    } catch (TimeoutException e) {
      throw new AssertionError("timed out", e);
    }
  }

  static StreamOptions chunked(int piece) {
    return StreamOptions.defaults().withReadChunkSize(piece == WHOLE ? 65536 : piece);
  }

  /** Writes {@code data} in pieces, each after the previous one reached the kernel. */
  static CompletableFuture<Void> writeInPieces(IOStream stream, byte[] data, int piece) {
    stream.setNodelay(true);
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (int at = 0; at < data.length; at += Math.min(piece, data.length)) {
      byte[] part = Arrays.copyOfRange(data, at, Math.min(data.length, at + piece));
      chain = chain.thenCompose(ignored -> stream.write(part));
    }
    return chain;
  }

  /** The failure of a future that must have failed, unwrapped. */
  static Throwable failureOf(CompletableFuture<?> future) {
    assertThat(future).isCompletedExceptionally();
    try {
      future.join();
      throw new AssertionError("not failed");
    } catch (CompletionException e) {
      return e.getCause();
    }
  }

  static String ascii(byte[] bytes) {
    return new String(bytes, US_ASCII);
  }
}
