package io.github.tornadoserver.ioloop;

import static io.github.tornadoserver.ioloop.LoopTesting.BOUND;
import static io.github.tornadoserver.ioloop.LoopTesting.onNewThread;
import static io.github.tornadoserver.ioloop.LoopTesting.startBounded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IOLoopRunSyncTest {
  private IOLoop loop;

  @BeforeEach
  void createLoop() {
    loop = new IOLoop();
  }

  @AfterEach
  void closeLoop() {
    if (!loop.isRunning()) {
      loop.close(true);
    }
  }

  @Test
  void runSyncReturnsTheValueOfACompletedStage() throws Exception {
    assertThat(loop.runSync(() -> CompletableFuture.completedFuture("value"), BOUND))
        .isEqualTo("value");
  }

  @Test
  void runSyncWaitsForAStageThatCompletesLater() throws Exception {
    String value =
        loop.runSync(
            () -> {
              CompletableFuture<String> later = new CompletableFuture<>();
              loop.callLater(Duration.ofMillis(10), () -> later.complete("later"));
              return later;
            },
            BOUND);

    assertThat(value).isEqualTo("later");
  }

  @Test
  void runSyncRunsTheFunctionOnTheLoopThread() throws Exception {
    Thread caller = Thread.currentThread();

    Thread ranOn =
        loop.runSync(() -> CompletableFuture.completedFuture(Thread.currentThread()), null);

    assertThat(ranOn).isSameAs(caller);
    assertThat(loop.isRunning()).isFalse();
  }

  @Test
  void aNullStageCountsAsCompletedWithNull() throws Exception {
    AtomicBoolean called = new AtomicBoolean();

    Object value =
        loop.runSync(
            () -> {
              called.set(true);
              return null;
            },
            BOUND);

    assertThat(value).isNull();
    assertThat(called).isTrue();
  }

  @Test
  void aStageThatDoesNotCompleteInTimeThrowsTimeoutExceptionAndIsCancelled() {
    CompletableFuture<String> never = new CompletableFuture<>();

    assertThatThrownBy(() -> loop.runSync(() -> never, Duration.ofMillis(50)))
        .isInstanceOf(TimeoutException.class)
        .hasMessage("Operation timed out after 0.05 seconds");
    assertThat(never).isCancelled();
  }

  @Test
  void theTimeoutDoesNotFireBeforeItsDeadline() {
    long start = System.nanoTime();

    catchThrowable(() -> loop.runSync(CompletableFuture::new, Duration.ofMillis(30)));

    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
  }

  @Test
  void theLoopRunsNormallyAgainAfterATimedOutRunSync() throws Exception {
    catchThrowable(() -> loop.runSync(CompletableFuture::new, Duration.ofMillis(10)));

    String value =
        loop.runSync(
            () -> {
              CompletableFuture<String> later = new CompletableFuture<>();
              loop.callLater(Duration.ofMillis(20), () -> later.complete("second run"));
              return later;
            },
            BOUND);

    assertThat(value).isEqualTo("second run");
  }

  @Test
  void aStageCompletingAfterTheLoopWasStoppedEarlyDoesNotStopALaterRun() throws Exception {
    CompletableFuture<String> abandoned = new CompletableFuture<>();
    catchThrowable(
        () ->
            loop.runSync(
                () -> {
                  loop.stop();
                  return abandoned;
                },
                BOUND));
    abandoned.complete("too late");
    AtomicInteger runs = new AtomicInteger();

    String value =
        loop.runSync(
            () -> {
              CompletableFuture<String> later = new CompletableFuture<>();
              loop.callLater(Duration.ofMillis(20), () -> later.complete("second run"));
              loop.addCallback(runs::incrementAndGet);
              return later;
            },
            BOUND);

    assertThat(value).isEqualTo("second run");
    assertThat(runs).hasValue(1);
  }

  @Test
  void aFunctionThatStopsTheLoopEarlyMakesRunSyncThrowIllegalStateException() {
    assertThatThrownBy(
            () ->
                loop.runSync(
                    () -> {
                      loop.stop();
                      return new CompletableFuture<String>();
                    },
                    BOUND))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Event loop stopped before Future completed.");
  }

  @Test
  void aStageFailedWithARuntimeExceptionRethrowsThatException() {
    IllegalArgumentException failure = new IllegalArgumentException("bad argument");

    Throwable thrown =
        catchThrowable(() -> loop.runSync(() -> CompletableFuture.failedFuture(failure), BOUND));

    assertThat(thrown).isSameAs(failure);
  }

  @Test
  void aDependentStageFailureRethrowsTheOriginalRuntimeException() {
    IllegalArgumentException failure = new IllegalArgumentException("bad argument");
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletionStage<String> dependent =
        source.thenApply(
            v -> {
              throw failure;
            });

    Throwable thrown =
        catchThrowable(
            () ->
                loop.runSync(
                    () -> {
                      loop.addCallback(() -> source.complete("v"));
                      return dependent;
                    },
                    BOUND));

    assertThat(thrown).isSameAs(failure);
  }

  @Test
  void aStageFailedWithACheckedExceptionThrowsItWrappedInCompletionException() {
    IOException failure = new IOException("io");

    Throwable thrown =
        catchThrowable(() -> loop.runSync(() -> CompletableFuture.failedFuture(failure), BOUND));

    assertThat(thrown).isInstanceOf(CompletionException.class).hasCause(failure);
  }

  static Stream<Throwable> functionFailures() {
    return Stream.of(
        new IllegalStateException("function failed"), new AssertionError("function failed"));
  }

  /** A runtime exception or an error thrown by the function comes out of runSync as it is. */
  @ParameterizedTest
  @MethodSource("functionFailures")
  void aFunctionThatThrowsRethrowsWhatItThrew(Throwable failure) {
    Throwable thrown =
        catchThrowable(
            () ->
                loop.runSync(
                    () -> {
                      throw sneaky(failure);
                    },
                    BOUND));

    assertThat(thrown).isSameAs(failure);
  }

  /** Throws a runtime exception or an error as it is (the two kinds a function can throw). */
  private static RuntimeException sneaky(Throwable failure) {
    if (failure instanceof Error error) {
      throw error;
    }
    throw (RuntimeException) failure;
  }

  @Test
  void runSyncOnARunningLoopThrowsAndLeavesNothingBehind() throws Exception {
    AtomicBoolean functionRan = new AtomicBoolean();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    loop.addCallback(
        () -> {
          thrown.set(
              catchThrowable(
                  () ->
                      loop.runSync(
                          () -> {
                            functionRan.set(true);
                            return null;
                          },
                          BOUND)));
          // Give anything runSync may have queued a few iterations to show up.
          loop.callLater(Duration.ofMillis(20), loop::stop);
        });

    startBounded(loop);

    assertThat(thrown.get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already running");
    assertThat(functionRan).isFalse();
  }

  @Test
  void runSyncWithATimeoutFromAnotherThreadThrowsAndQueuesNothing() throws Exception {
    AtomicBoolean functionRan = new AtomicBoolean();

    Throwable thrown =
        onNewThread(
            "foreign-thread",
            () ->
                catchThrowable(
                    () ->
                        loop.runSync(
                            () -> {
                              functionRan.set(true);
                              return null;
                            },
                            BOUND)));
    CompletableFuture<Void> settled = new CompletableFuture<>();
    loop.callLater(Duration.ofMillis(20), () -> settled.complete(null));
    loop.runSync(() -> settled, BOUND);

    assertThat(thrown)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'foreign-thread'");
    assertThat(functionRan).isFalse();
  }

  @Test
  void runSyncOnAClosedLoopThrows() {
    loop.close(false);

    assertThatThrownBy(() -> loop.runSync(() -> null, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
