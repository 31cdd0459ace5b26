package io.github.tornadoserver.ioloop;

import static io.github.tornadoserver.ioloop.LoopTesting.BOUND;
import static io.github.tornadoserver.ioloop.LoopTesting.onNewThread;
import static io.github.tornadoserver.ioloop.LoopTesting.startBounded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Creation, the current loop, start/stop, thread confinement and close. */
class IOLoopTest {
  private IOLoop loop;

  @BeforeEach
  void createLoop() {
    loop = new IOLoop();
  }

  @AfterEach
  void closeLoop() {
    if (loop.inLoopThread() && !loop.isRunning()) {
      loop.close(true);
    }
  }

  // ---------------------------------------------------------------- current loop

  @Test
  void currentCreatesOneLoopPerThreadAndReturnsTheSameOneAgain() throws Exception {
    IOLoop mine = IOLoop.current();
    try {
      assertThat(IOLoop.current()).isSameAs(mine);
      assertThat(IOLoop.current(true)).isSameAs(mine);
      assertThat(IOLoop.current(false)).isSameAs(mine);
      assertThat(mine.inLoopThread()).isTrue();

      IOLoop theirs =
          onNewThread(
              "other-thread",
              () -> {
                IOLoop created = IOLoop.current();
                try {
                  assertThat(IOLoop.current()).isSameAs(created);
                  return created;
                } finally {
                  created.close(false);
                }
              });
      assertThat(theirs).isNotSameAs(mine);
      assertThat(theirs.thread().getName()).isEqualTo("other-thread");
    } finally {
      mine.close(false);
    }
  }

  @Test
  void currentWithoutCreateIsNullOnAFreshThread() throws Exception {
    Optional<IOLoop> found = onNewThread("fresh", () -> Optional.ofNullable(IOLoop.current(false)));

    assertThat(found).isEmpty();
  }

  @Test
  void aClosedCurrentLoopIsReplacedByANewOne() {
    IOLoop first = IOLoop.current();
    first.close(false);

    assertThat(IOLoop.current(false)).isNull();
    IOLoop second = IOLoop.current();
    try {
      assertThat(second).isNotSameAs(first);
      assertThat(second.isClosed()).isFalse();
    } finally {
      second.close(false);
    }
  }

  @Test
  @SuppressWarnings("deprecation")
  void instanceIsAnAliasOfCurrent() {
    IOLoop current = IOLoop.current();
    try {
      assertThat(IOLoop.instance()).isSameAs(current);
    } finally {
      current.close(false);
    }
  }

  @Test
  void makeCurrentMakesTheLoopCurrentForTheCallingThread() {
    loop.makeCurrent();

    assertThat(IOLoop.current(false)).isSameAs(loop);
  }

  @Test
  void theLoopIsCurrentOnItsThreadWhileItRuns() throws Exception {
    CompletableFuture<IOLoop> seen = new CompletableFuture<>();
    loop.addCallback(
        () -> {
          seen.complete(IOLoop.current(false));
          loop.stop();
        });

    startBounded(loop);

    assertThat(seen.get()).isSameAs(loop);
  }

  @Test
  void afterStartReturnsAThreadThatHadNoCurrentLoopHasNoneAgain() throws Exception {
    Optional<IOLoop> after =
        onNewThread(
            "no-current",
            () -> {
              IOLoop own = new IOLoop();
              try {
                own.addCallback(own::stop);
                own.start();
                return Optional.ofNullable(IOLoop.current(false));
              } finally {
                own.close(false);
              }
            });

    assertThat(after).isEmpty();
  }

  @Test
  void afterStartReturnsTheLoopThatWasCurrentBeforeIsCurrentAgain() throws Exception {
    IOLoop[] seen =
        onNewThread(
            "had-current",
            () -> {
              IOLoop outer = IOLoop.current();
              IOLoop inner = new IOLoop();
              try {
                IOLoop[] during = new IOLoop[1];
                inner.addCallback(
                    () -> {
                      during[0] = IOLoop.current(false);
                      inner.stop();
                    });
                inner.start();
                return new IOLoop[] {outer, during[0], inner, IOLoop.current(false)};
              } finally {
                inner.close(false);
                outer.close(false);
              }
            });

    assertThat(seen[1]).isSameAs(seen[2]);
    assertThat(seen[3]).isSameAs(seen[0]);
  }

  @Test
  void clearCurrentLeavesTheThreadWithoutACurrentLoopAndDoesNotCloseIt() throws Exception {
    Object[] seen =
        onNewThread(
            "cleared",
            () -> {
              IOLoop made = IOLoop.current();
              IOLoop.clearCurrent();
              Object[] result = {IOLoop.current(false), made.isClosed()};
              made.close(false);
              return result;
            });

    assertThat(seen[0]).isNull();
    assertThat(seen[1]).isEqualTo(false);
  }

  @Test
  void startInNewThreadRunsTheLoopOnTheNamedThreadAndClosesItWhenStopped() throws Exception {
    IOLoop started = IOLoop.startInNewThread("loop-under-test", true);
    CompletableFuture<Thread> ranOn = new CompletableFuture<>();

    assertThat(started.addCallback(() -> ranOn.complete(Thread.currentThread()))).isTrue();

    Thread thread = ranOn.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(thread.getName()).isEqualTo("loop-under-test");
    assertThat(thread.isDaemon()).isTrue();
    assertThat(started.thread()).isSameAs(thread);
    assertThat(started.isRunning()).isTrue();
    assertThat(started.inLoopThread()).isFalse();

    started.addCallback(started::stop);
    thread.join(BOUND.toMillis());
    assertThat(thread.isAlive()).isFalse();
    assertThat(started.isClosed()).isTrue();
  }

  // ---------------------------------------------------------------- start and stop

  @Test
  void stopBeforeStartMakesTheNextStartReturnAtOnce() {
    AtomicInteger safetyRuns = new AtomicInteger();
    Timeout safety = loop.callLater(BOUND, safetyRuns::incrementAndGet);

    loop.stop();
    loop.start();

    assertThat(safetyRuns).hasValue(0);
    assertThat(loop.isRunning()).isFalse();
    loop.removeTimeout(safety);
  }

  @Test
  void theStopRequestIsConsumedByTheStartItEnded() {
    loop.stop();
    loop.start();
    AtomicInteger runs = new AtomicInteger();
    loop.addCallback(runs::incrementAndGet);
    loop.addCallback(() -> loop.addCallback(loop::stop));

    startBounded(loop);

    assertThat(runs).hasValue(1);
  }

  @Test
  void aStoppedLoopCanBeStartedAgain() {
    AtomicInteger runs = new AtomicInteger();
    for (int i = 0; i < 3; i++) {
      loop.addCallback(
          () -> {
            runs.incrementAndGet();
            loop.stop();
          });
      startBounded(loop);
      assertThat(loop.isRunning()).isFalse();
    }

    assertThat(runs).hasValue(3);
  }

  @Test
  void isRunningIsTrueOnlyWhileStartRuns() {
    AtomicReference<Boolean> during = new AtomicReference<>();
    loop.addCallback(
        () -> {
          during.set(loop.isRunning());
          loop.stop();
        });

    assertThat(loop.isRunning()).isFalse();
    startBounded(loop);

    assertThat(during.get()).isTrue();
    assertThat(loop.isRunning()).isFalse();
  }

  @Test
  void startWhileRunningThrows() {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    loop.addCallback(
        () -> {
          thrown.set(catchThrowable(loop::start));
          loop.stop();
        });

    startBounded(loop);

    assertThat(thrown.get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already running");
  }

  @Test
  void startFromAnotherThreadWhileRunningThrows() throws Exception {
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    loop.addCallback(
        () -> new Thread(() -> thrown.complete(catchThrowable(loop::start)), "intruder").start());

    Throwable t = loop.runSync(() -> thrown, BOUND);

    assertThat(t)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already running on thread " + Thread.currentThread().getName());
  }

  @Test
  void theThreadThatStartsTheLoopBecomesItsThread() throws Exception {
    IOLoop created = new IOLoop();
    String ranOn =
        onNewThread(
            "starter",
            () -> {
              CompletableFuture<String> name = new CompletableFuture<>();
              created.addCallback(
                  () -> {
                    name.complete(Thread.currentThread().getName());
                    created.stop();
                  });
              created.start();
              created.close(false);
              return name.getNow("not run");
            });

    assertThat(ranOn).isEqualTo("starter");
    assertThat(created.thread().getName()).isEqualTo("starter");
    assertThat(created.isClosed()).isTrue();
  }

  // ---------------------------------------------------------------- thread confinement

  static Stream<Arguments> loopThreadOnlyMethods() throws Exception {
    Pipe pipe = Pipe.open();
    pipe.source().close();
    pipe.sink().close();
    Map<String, Consumer<IOLoop>> calls = new LinkedHashMap<>();
    calls.put("callLater", l -> l.callLater(Duration.ofSeconds(1), () -> {}));
    calls.put("callAt", l -> l.callAt(l.time(), () -> {}));
    calls.put("addTimeout(long)", l -> l.addTimeout(l.time(), () -> {}));
    calls.put("addTimeout(Duration)", l -> l.addTimeout(Duration.ofSeconds(1), () -> {}));
    calls.put("removeTimeout", l -> l.removeTimeout(null));
    calls.put("addHandler", l -> l.addHandler(pipe.source(), (c, e) -> {}, IOLoop.READ));
    calls.put("updateHandler", l -> l.updateHandler(pipe.source(), IOLoop.READ));
    calls.put("removeHandler", l -> l.removeHandler(pipe.source()));
    calls.put("hasHandler", l -> l.hasHandler(pipe.source()));
    calls.put("stop", IOLoop::stop);
    calls.put("close", l -> l.close(false));
    calls.put("addFuture", l -> l.addFuture(new CompletableFuture<>(), (v, e) -> {}));
    calls.put("runInExecutor", l -> l.runInExecutor(Runnable::run, () -> 1));
    calls.put("setDefaultExecutor", l -> l.setDefaultExecutor(Runnable::run));
    calls.put("checkThread", IOLoop::checkThread);
    return calls.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0} throws IllegalStateException naming both threads")
  @MethodSource("loopThreadOnlyMethods")
  void aLoopThreadOnlyMethodCalledFromAnotherThreadThrowsNamingBothThreads(
      String method, Consumer<IOLoop> call) throws Exception {
    Throwable thrown = onNewThread("foreign-thread", () -> catchThrowable(() -> call.accept(loop)));

    assertThat(thrown)
        .as(method)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'foreign-thread'")
        .hasMessageContaining("'" + Thread.currentThread().getName() + "'");
  }

  @Test
  void addCallbackAndExecuteWorkFromAnyThread() throws Exception {
    List<String> ran = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    String loopThread = Thread.currentThread().getName();

    boolean accepted =
        onNewThread(
            "foreign-thread",
            () -> {
              boolean added = loop.addCallback(() -> ran.add("addCallback on " + name()));
              loop.execute(() -> ran.add("execute on " + name()));
              loop.execute(() -> done.complete(null));
              return added;
            });
    loop.runSync(() -> done, BOUND);

    assertThat(accepted).isTrue();
    assertThat(ran).containsExactly("addCallback on " + loopThread, "execute on " + loopThread);
  }

  @Test
  void addCallbackFromAnotherThreadWakesABlockedLoop() throws Exception {
    CountDownLatch blocked = new CountDownLatch(1);
    CompletableFuture<String> ranOn = new CompletableFuture<>();
    loop.addCallback(
        () ->
            new Thread(
                    () -> {
                      try {
                        blocked.await(BOUND.toMillis(), TimeUnit.MILLISECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      loop.addCallback(() -> ranOn.complete(name()));
                    },
                    "waker")
                .start());
    // The loop has nothing to do but wait for the selector; let the waker post once it does.
    loop.addCallback(() -> loop.addCallback(blocked::countDown));

    assertThat(loop.runSync(() -> ranOn, BOUND)).isEqualTo(Thread.currentThread().getName());
  }

  // ---------------------------------------------------------------- close

  @Test
  void closeOnARunningLoopThrows() {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    loop.addCallback(
        () -> {
          thrown.set(catchThrowable(() -> loop.close(false)));
          loop.stop();
        });

    startBounded(loop);

    assertThat(thrown.get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("running");
    assertThat(loop.isClosed()).isFalse();
  }

  @Test
  void closeAllChannelsClosesTheRegisteredChannels() throws Exception {
    Pipe pipe = Pipe.open();
    loop.addHandler(pipe.source(), (c, e) -> {}, IOLoop.READ);
    loop.addHandler(pipe.sink(), (c, e) -> {}, IOLoop.WRITE);

    loop.close(true);

    assertThat(pipe.source().isOpen()).isFalse();
    assertThat(pipe.sink().isOpen()).isFalse();
  }

  @Test
  void closeWithoutAllChannelsLeavesThemOpenAndUsable() throws Exception {
    Pipe pipe = Pipe.open();
    try {
      loop.addHandler(pipe.source(), (c, e) -> {}, IOLoop.READ);

      loop.close(false);

      assertThat(pipe.source().isOpen()).isTrue();
      IOLoop next = new IOLoop();
      try {
        next.addHandler(pipe.source(), (c, e) -> {}, IOLoop.READ);
        assertThat(next.hasHandler(pipe.source())).isTrue();
      } finally {
        next.close(false);
      }
    } finally {
      pipe.source().close();
      pipe.sink().close();
    }
  }

  @Test
  void closeAllChannelsLeavesAChannelWhoseHandlerWasRemovedOpen() throws Exception {
    Pipe pipe = Pipe.open();
    try {
      loop.addHandler(pipe.source(), (c, e) -> {}, IOLoop.READ);
      loop.removeHandler(pipe.source());

      loop.close(true);

      assertThat(pipe.source().isOpen()).isTrue();
    } finally {
      pipe.source().close();
      pipe.sink().close();
    }
  }

  @Test
  void closeIsIdempotentAndAClosedLoopCannotStart() {
    loop.close(false);
    loop.close(true);

    assertThat(loop.isClosed()).isTrue();
    assertThatThrownBy(loop::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> loop.callLater(Duration.ZERO, () -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void closeRunsTheCallbacksThatWereAcceptedBeforeIt() {
    List<String> ran = new ArrayList<>();
    loop.addCallback(() -> ran.add("first"));
    loop.addCallback(() -> ran.add("second"));

    loop.close(false);

    assertThat(ran).containsExactly("first", "second");
  }

  @Test
  void addCallbackAfterCloseReturnsFalseAndExecuteThrows() {
    loop.close(false);
    AtomicInteger runs = new AtomicInteger();

    assertThat(loop.addCallback(runs::incrementAndGet)).isFalse();
    assertThat(loop.spawnCallback(runs::incrementAndGet)).isFalse();
    assertThatThrownBy(() -> loop.execute(runs::incrementAndGet))
        .isInstanceOf(RejectedExecutionException.class);
    assertThat(runs).hasValue(0);
  }

  @Test
  void aCallbackRacingACloseEitherRunsOrIsReportedAsDropped() throws Exception {
    for (int round = 0; round < 10; round++) {
      IOLoop racing = IOLoop.startInNewThread("racing-loop-" + round, true);
      AtomicInteger accepted = new AtomicInteger();
      AtomicInteger rejected = new AtomicInteger();
      AtomicInteger ran = new AtomicInteger();
      // The 1000th callback stops the loop (whose thread then closes it) while the producers
      // are still adding.
      Runnable callback =
          () -> {
            if (ran.incrementAndGet() == 1000) {
              racing.stop();
            }
          };
      List<Thread> producers = new ArrayList<>();
      for (int p = 0; p < 3; p++) {
        Thread producer =
            new Thread(
                () -> {
                  for (int i = 0; i < 50_000; i++) {
                    if (racing.addCallback(callback)) {
                      accepted.incrementAndGet();
                    } else {
                      rejected.incrementAndGet();
                      return;
                    }
                  }
                },
                "producer-" + p);
        producer.start();
        producers.add(producer);
      }

      for (Thread producer : producers) {
        producer.join(BOUND.toMillis());
        assertThat(producer.isAlive()).isFalse();
      }
      racing.thread().join(BOUND.toMillis());

      assertThat(racing.isClosed()).isTrue();
      assertThat(ran.get()).as("round %d", round).isEqualTo(accepted.get());
      assertThat(ran.get()).isGreaterThanOrEqualTo(1000);
    }
  }

  private static String name() {
    return Thread.currentThread().getName();
  }

  @Test
  void anInterruptOfTheLoopThreadIsClearedAndTheLoopKeepsWaiting() throws Exception {
    IOLoop loop = IOLoop.startInNewThread("interrupted-loop", true);
    try {
      loop.thread().interrupt();
      java.util.concurrent.CompletableFuture<Boolean> interrupted =
          new java.util.concurrent.CompletableFuture<>();
      // Two round trips: the first wakes the loop, the second runs after its next select.
      loop.addCallback(
          () ->
              loop.addCallback(() -> interrupted.complete(Thread.currentThread().isInterrupted())));
      org.assertj.core.api.Assertions.assertThat(
              interrupted.get(5, java.util.concurrent.TimeUnit.SECONDS))
          .isFalse();
    } finally {
      loop.addCallback(loop::stop);
      loop.thread().join(5000);
    }
  }
}
