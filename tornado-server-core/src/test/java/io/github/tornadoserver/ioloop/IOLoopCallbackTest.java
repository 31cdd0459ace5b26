package io.github.tornadoserver.ioloop;

import static io.github.tornadoserver.ioloop.LoopTesting.BOUND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.tornadoserver.testing.LogCapture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** addCallback, execute, addFuture and runInExecutor. */
class IOLoopCallbackTest {
  private IOLoop loop;
  private Thread loopThread;

  @BeforeEach
  void createLoop() {
    loop = new IOLoop();
    loopThread = Thread.currentThread();
  }

  @AfterEach
  void closeLoop() {
    loop.close(true);
  }

  @Test
  void wakeupsStayTheSameWithinACallbackAndRiseBeforeOneItAdds() throws Exception {
    List<Long> seen =
        loop.runSync(
            () -> {
              CompletableFuture<List<Long>> done = new CompletableFuture<>();
              List<Long> values = new ArrayList<>();
              values.add(loop.wakeups());
              values.add(loop.wakeups());
              loop.addCallback(
                  () -> {
                    values.add(loop.wakeups());
                    done.complete(values);
                  });
              return done;
            },
            BOUND);
    assertThat(seen.get(1)).isEqualTo(seen.get(0));
    assertThat(seen.get(2)).isGreaterThan(seen.get(1));
  }

  @Test
  void callbacksFromFourThreadsRunExactlyOnceOnTheLoopThreadInPerThreadOrder() throws Exception {
    int threads = 4;
    int perThread = 10_000;
    List<List<Integer>> seen = new ArrayList<>();
    AtomicInteger offLoop = new AtomicInteger();
    AtomicInteger total = new AtomicInteger();
    CompletableFuture<Void> all = new CompletableFuture<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> producers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      List<Integer> mine = new ArrayList<>();
      seen.add(mine);
      Thread producer =
          new Thread(
              () -> {
                try {
                  go.await(BOUND.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int i = 0; i < perThread; i++) {
                  int n = i;
                  loop.addCallback(
                      () -> {
                        if (Thread.currentThread() != loopThread) {
                          offLoop.incrementAndGet();
                        }
                        mine.add(n);
                        if (total.incrementAndGet() == threads * perThread) {
                          all.complete(null);
                        }
                      });
                }
              },
              "producer-" + t);
      producer.start();
      producers.add(producer);
    }
    // Producers start once the loop runs, so that they race its iterations.
    loop.addCallback(go::countDown);

    loop.runSync(() -> all, BOUND);
    for (Thread producer : producers) {
      producer.join(BOUND.toMillis());
    }

    assertThat(offLoop).hasValue(0);
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < perThread; i++) {
      expected.add(i);
    }
    for (List<Integer> mine : seen) {
      assertThat(mine).isEqualTo(expected);
    }
    // Nothing ran twice: the loop goes on a little, and the count stays put.
    CompletableFuture<Void> settled = new CompletableFuture<>();
    loop.callLater(Duration.ofMillis(20), () -> settled.complete(null));
    loop.runSync(() -> settled, BOUND);
    assertThat(total).hasValue(threads * perThread);
  }

  @Test
  void callbacksRunInTheOrderTheyWereAdded() throws Exception {
    List<Integer> ran = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      int n = i;
      loop.addCallback(() -> ran.add(n));
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.addCallback(() -> done.complete(null));

    loop.runSync(() -> done, BOUND);

    assertThat(ran).hasSize(100).isSorted();
  }

  @Test
  void aCallbackAddedByACallbackRunsAfterTheCallbacksAlreadyQueued() throws Exception {
    List<String> ran = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.addCallback(
        () -> {
          ran.add("first");
          loop.addCallback(
              () -> {
                ran.add("added by first");
                done.complete(null);
              });
        });
    loop.addCallback(() -> ran.add("second"));

    loop.runSync(() -> done, BOUND);

    assertThat(ran).containsExactly("first", "second", "added by first");
  }

  @Test
  void aCallbackThatReAddsItselfForeverDoesNotStarveTimersOrChannels() throws Exception {
    Pipe pipe = Pipe.open();
    AtomicInteger spins = new AtomicInteger();
    AtomicBoolean spinning = new AtomicBoolean(true);
    CompletableFuture<Integer> timerRan = new CompletableFuture<>();
    CompletableFuture<Integer> channelRead = new CompletableFuture<>();
    Runnable spin =
        new Runnable() {
          @Override
          public void run() {
            if (spins.incrementAndGet() == 1) {
              loop.addHandler(
                  pipe.source(), (c, e) -> channelRead.complete(spins.get()), IOLoop.READ);
              loop.callLater(Duration.ofMillis(20), () -> timerRan.complete(spins.get()));
              write(pipe.sink(), "x");
            }
            if (spinning.get()) {
              loop.addCallback(this);
            }
          }
        };
    loop.addCallback(spin);

    try {
      // Were the spin run whenever the loop looks for callbacks to run, neither would ever come.
      loop.runSync(() -> CompletableFuture.allOf(timerRan, channelRead), BOUND);
    } finally {
      spinning.set(false);
      pipe.sink().close();
    }

    assertThat(timerRan.get()).isPositive();
    assertThat(channelRead.get()).isPositive();
  }

  @Test
  void aCallbackThatThrowsIsLoggedOnceAndLaterCallbacksStillRun() throws Exception {
    LogCapture.expect("tornado.application", Level.ERROR, "Exception in callback");
    CompletableFuture<String> later = new CompletableFuture<>();
    loop.addCallback(
        () -> {
          throw new IllegalStateException("boom");
        });
    loop.addCallback(() -> later.complete("ran"));

    assertThat(loop.runSync(() -> later, BOUND)).isEqualTo("ran");
    assertThat(LogCapture.messages("tornado.application", Level.ERROR))
        .singleElement(STRING)
        .startsWith("Exception in callback");
  }

  // ---------------------------------------------------------------- addAsyncCallback

  private static List<ILoggingEvent> callbackErrors() {
    return LogCapture.events().stream()
        .filter(e -> e.getLoggerName().equals("tornado.application"))
        .filter(e -> e.getLevel() == Level.ERROR)
        .collect(Collectors.toList());
  }

  @Test
  void anAsyncCallbackWhoseStageFailsLaterOnAnotherThreadIsLoggedOnce() throws Exception {
    LogCapture.expect("tornado.application", Level.ERROR, "Exception in callback");
    CompletableFuture<Void> stage = new CompletableFuture<>();
    CompletableFuture<Thread> ranOn = new CompletableFuture<>();
    loop.addAsyncCallback(
        () -> {
          ranOn.complete(Thread.currentThread());
          return stage;
        });
    assertThat(loop.runSync(() -> ranOn, BOUND)).isSameAs(loopThread);

    Thread failer =
        new Thread(() -> stage.completeExceptionally(new IllegalStateException("async boom")));
    failer.start();
    failer.join(BOUND.toMillis());

    assertThat(callbackErrors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getFormattedMessage()).startsWith("Exception in callback");
              assertThat(e.getThrowableProxy().getMessage()).isEqualTo("async boom");
            });
  }

  @Test
  void aWrappedFailureIsLoggedAsItsCause() throws Exception {
    LogCapture.expect("tornado.application", Level.ERROR, "Exception in callback");
    CompletableFuture<Void> failed =
        CompletableFuture.<Void>failedFuture(new IllegalArgumentException("inner"))
            .thenApply(v -> v);
    loop.addAsyncCallback(() -> failed);
    loop.runSync(() -> failed.exceptionally(e -> null), BOUND);

    assertThat(callbackErrors())
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getThrowableProxy().getClassName())
                    .isEqualTo(IllegalArgumentException.class.getName()));
  }

  @Test
  void anAsyncCallbackThatThrowsIsLoggedOnceAsACallbackIs() throws Exception {
    LogCapture.expect("tornado.application", Level.ERROR, "Exception in callback");
    CompletableFuture<String> later = new CompletableFuture<>();
    loop.addAsyncCallback(
        () -> {
          throw new IllegalStateException("thrown, not returned");
        });
    loop.addCallback(() -> later.complete("ran"));

    assertThat(loop.runSync(() -> later, BOUND)).isEqualTo("ran");
    assertThat(callbackErrors()).hasSize(1);
  }

  @Test
  void aSucceededCancelledOrNullStageIsNotLogged() throws Exception {
    CompletableFuture<Void> cancelled = new CompletableFuture<>();
    cancelled.cancel(false);
    CompletableFuture<String> later = new CompletableFuture<>();
    loop.addAsyncCallback(() -> CompletableFuture.completedFuture("fine"));
    loop.addAsyncCallback(() -> cancelled);
    loop.addAsyncCallback(() -> null);
    loop.addCallback(() -> later.complete("ran"));

    assertThat(loop.runSync(() -> later, BOUND)).isEqualTo("ran");
    assertThat(callbackErrors()).isEmpty();
  }

  @Test
  void addAsyncCallbackWorksFromAnotherThreadAndReportsAClosedLoop() throws Exception {
    CompletableFuture<Thread> ranOn = new CompletableFuture<>();
    Thread adder =
        new Thread(
            () ->
                loop.addAsyncCallback(
                    () -> {
                      ranOn.complete(Thread.currentThread());
                      return null;
                    }));
    loop.addCallback(adder::start);

    assertThat(loop.runSync(() -> ranOn, BOUND)).isSameAs(loopThread);
    adder.join(BOUND.toMillis());
    loop.close(false);
    assertThat(loop.addAsyncCallback(() -> null)).isFalse();
  }

  @Test
  void executeRunsCommandsOnTheLoopSoThatItServesAsAnAsyncExecutor() throws Exception {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<Thread> ranOn = source.thenApplyAsync(v -> Thread.currentThread(), loop);
    Thread completer = new Thread(() -> source.complete("v"), "completer");

    loop.addCallback(completer::start);

    assertThat(loop.runSync(() -> ranOn, BOUND)).isSameAs(loopThread);
  }

  @Test
  void spawnCallbackRunsTheCallbackLikeAddCallback() throws Exception {
    CompletableFuture<Thread> ranOn = new CompletableFuture<>();

    assertThat(loop.spawnCallback(() -> ranOn.complete(Thread.currentThread()))).isTrue();

    assertThat(loop.runSync(() -> ranOn, BOUND)).isSameAs(loopThread);
  }

  // ---------------------------------------------------------------- addFuture

  @Test
  void addFutureCallsBackOnTheLoopThreadWhenTheFutureCompletesElsewhere() throws Exception {
    CompletableFuture<String> future = new CompletableFuture<>();
    CompletableFuture<Thread> calledBackOn = new CompletableFuture<>();
    AtomicReference<String> value = new AtomicReference<>();
    loop.addCallback(
        () -> {
          loop.addFuture(
              future,
              (v, error) -> {
                value.set(v);
                calledBackOn.complete(Thread.currentThread());
              });
          new Thread(() -> future.complete("done"), "completer").start();
        });

    assertThat(loop.runSync(() -> calledBackOn, BOUND)).isSameAs(loopThread);
    assertThat(value).hasValue("done");
  }

  @Test
  void addFutureNeverCallsBackInlineEvenWhenTheFutureIsAlreadyComplete() throws Exception {
    AtomicBoolean inAddFuture = new AtomicBoolean();
    CompletableFuture<Boolean> calledBackInline = new CompletableFuture<>();
    loop.addCallback(
        () -> {
          inAddFuture.set(true);
          loop.addFuture(
              CompletableFuture.completedFuture("ready"),
              (value, error) -> calledBackInline.complete(inAddFuture.get()));
          inAddFuture.set(false);
        });

    assertThat(loop.runSync(() -> calledBackInline, BOUND)).isFalse();
  }

  @Test
  void addFuturePassesTheFailureToTheCallback() throws Exception {
    IOException failure = new IOException("failed");
    CompletableFuture<Throwable> calledBack = new CompletableFuture<>();
    loop.addCallback(
        () ->
            loop.addFuture(
                CompletableFuture.failedFuture(failure),
                (value, error) -> calledBack.complete(error)));

    assertThat(loop.runSync(() -> calledBack, BOUND)).isSameAs(failure);
  }

  // ---------------------------------------------------------------- runInExecutor

  @Test
  void runInExecutorRunsTheTaskOffTheLoopAndCompletesOnTheLoopThread() throws Exception {
    AtomicReference<Thread> taskThread = new AtomicReference<>();
    AtomicReference<Thread> completedOn = new AtomicReference<>();

    String result =
        loop.runSync(
            () ->
                loop.runInExecutor(
                        null,
                        () -> {
                          taskThread.set(Thread.currentThread());
                          return "computed";
                        })
                    .whenComplete((v, e) -> completedOn.set(Thread.currentThread())),
            BOUND);

    assertThat(result).isEqualTo("computed");
    assertThat(taskThread.get()).isNotSameAs(loopThread);
    assertThat(taskThread.get().getName()).startsWith("tornado-executor-");
    assertThat(completedOn.get()).isSameAs(loopThread);
  }

  @Test
  void runInExecutorUsesTheExecutorSetBySetDefaultExecutor() throws Exception {
    ExecutorService custom = Executors.newSingleThreadExecutor(r -> new Thread(r, "custom-pool"));
    try {
      loop.setDefaultExecutor(custom);

      String ranOn =
          loop.runSync(
              () -> loop.runInExecutor(null, () -> Thread.currentThread().getName()), BOUND);

      assertThat(ranOn).isEqualTo("custom-pool");
      loop.close(false);
      assertThat(custom.isShutdown()).as("the loop shut down an executor it did not own").isFalse();
    } finally {
      custom.shutdown();
    }
  }

  @Test
  void runInExecutorUsesAnExecutorGivenExplicitly() throws Exception {
    ExecutorService explicit =
        Executors.newSingleThreadExecutor(r -> new Thread(r, "explicit-pool"));
    try {
      String ranOn =
          loop.runSync(
              () -> loop.runInExecutor(explicit, () -> Thread.currentThread().getName()), BOUND);

      assertThat(ranOn).isEqualTo("explicit-pool");
    } finally {
      explicit.shutdown();
    }
  }

  @Test
  void aTaskExceptionFailsTheFuture() throws Exception {
    IOException failure = new IOException("task failed");
    AtomicReference<Throwable> seen = new AtomicReference<>();

    loop.runSync(
        () ->
            loop.runInExecutor(
                    null,
                    () -> {
                      throw failure;
                    })
                .handle(
                    (v, e) -> {
                      seen.set(e);
                      return null;
                    }),
        BOUND);

    assertThat(seen.get()).isSameAs(failure);
  }

  @Test
  void theDefaultExecutorIsShutDownWhenTheLoopCloses() throws Exception {
    AtomicReference<Thread> worker = new AtomicReference<>();
    loop.runSync(
        () -> loop.runInExecutor(null, () -> worker.getAndSet(Thread.currentThread())), BOUND);

    loop.close(false);

    worker.get().join(BOUND.toMillis());
    assertThat(worker.get().isAlive()).isFalse();
  }

  @Test
  void runInExecutorOnAClosedLoopThrowsWithoutRunningTheTask() {
    AtomicBoolean ran = new AtomicBoolean();
    loop.close(false);

    assertThatThrownBy(() -> loop.runInExecutor(Runnable::run, () -> ran.getAndSet(true)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> loop.runInExecutor(null, () -> ran.getAndSet(true)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThat(ran).isFalse();
  }

  @Test
  void pendingCallbacksCountsWhatWaitsAndDropsToZeroOnceTheyRan() throws Exception {
    assertThat(loop.pendingCallbacks()).isZero();
    LoopTesting.onNewThread(
        "producer",
        () -> {
          for (int i = 0; i < 3; i++) {
            loop.addCallback(() -> {});
          }
          return loop.pendingCallbacks();
        });
    assertThat(loop.pendingCallbacks()).isEqualTo(3);
    loop.runSync(() -> CompletableFuture.completedFuture(null), BOUND);
    assertThat(loop.pendingCallbacks()).isZero();
  }

  private static void write(Pipe.SinkChannel sink, String data) {
    try {
      sink.write(ByteBuffer.wrap(data.getBytes(StandardCharsets.US_ASCII)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
