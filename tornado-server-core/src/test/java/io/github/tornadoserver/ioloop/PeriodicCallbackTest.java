package io.github.tornadoserver.ioloop;

import static io.github.tornadoserver.ioloop.LoopTesting.BOUND;
import static io.github.tornadoserver.ioloop.LoopTesting.occupy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PeriodicCallbackTest {
  private static final long MS = 1_000_000L;

  private IOLoop loop;

  @BeforeEach
  void createLoop() {
    loop = new IOLoop();
    loop.makeCurrent();
  }

  @AfterEach
  void closeLoop() {
    loop.close(true);
  }

  /** What one run saw: the deadline it was scheduled for, and the loop time when it ended. */
  private record Run(long deadline, long end) {}

  /**
   * Starts a timer of {@code period} on the running loop, stops it after {@code runs} runs that
   * returned normally, and returns what each of those saw. {@code body} is run inside each run,
   * given its 1-based index; {@code startedBetween} receives the loop times around start().
   */
  private List<Run> runTimes(Duration period, int runs, IntConsumer body, long[] startedBetween)
      throws Exception {
    List<Run> seen = new ArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicReference<PeriodicCallback> holder = new AtomicReference<>();
    PeriodicCallback periodic =
        new PeriodicCallback(
            () -> {
              long deadline = holder.get().nextDeadline();
              body.accept(calls.incrementAndGet());
              seen.add(new Run(deadline, loop.time()));
              if (seen.size() == runs) {
                holder.get().stop();
                done.complete(null);
              }
            },
            period);
    holder.set(periodic);
    loop.addCallback(
        () -> {
          startedBetween[0] = loop.time();
          periodic.start();
          startedBetween[1] = loop.time();
        });

    loop.runSync(() -> done, BOUND);
    assertThat(periodic.isRunning()).isFalse();
    return seen;
  }

  @Test
  void runsRepeatedlyOnAStartToStartSchedule() throws Exception {
    long period = 30 * MS;
    long[] started = new long[2];

    // Each run takes a third of the period: start-to-end scheduling would drift by that much.
    List<Run> runs =
        runTimes(Duration.ofNanos(period), 4, i -> occupy(Duration.ofMillis(10)), started);

    assertThat(runs).hasSize(4);
    assertThat(runs.get(0).deadline()).isBetween(started[0] + period, started[1] + period);
    for (int i = 1; i < runs.size(); i++) {
      long gap = runs.get(i).deadline() - runs.get(i - 1).deadline();
      assertThat(gap).as("gap %d", i).isPositive();
      assertThat(gap % period).as("gap %d is whole periods", i).isZero();
    }
    for (Run run : runs) {
      assertThat(run.end()).isGreaterThanOrEqualTo(run.deadline());
    }
  }

  @Test
  void anOverrunningRunSkipsTheSlotsItMissedInsteadOfCatchingUp() throws Exception {
    long period = 20 * MS;
    long[] started = new long[2];

    List<Run> runs =
        runTimes(
            Duration.ofNanos(period),
            4,
            i -> {
              if (i == 1) {
                occupy(Duration.ofMillis(70));
              }
            },
            started);

    Run first = runs.get(0);
    Run second = runs.get(1);
    long gap = second.deadline() - first.deadline();
    assertThat(gap % period).as("the next run stays on the slot grid").isZero();
    assertThat(gap).isGreaterThanOrEqualTo(80 * MS);
    for (int i = 1; i < runs.size(); i++) {
      assertThat(runs.get(i).deadline())
          .as("run %d was scheduled for after run %d ended, not in the past", i + 1, i)
          .isGreaterThan(runs.get(i - 1).end());
    }
  }

  @Test
  void anExceptionIsLoggedAndTheTimerGoesOn() throws Exception {
    LogCapture.expect("tornado.application", Level.ERROR, "Exception in callback");
    long[] started = new long[2];

    List<Run> runs =
        runTimes(
            Duration.ofMillis(5),
            2,
            i -> {
              if (i == 1) {
                throw new IllegalStateException("periodic failure");
              }
            },
            started);

    assertThat(runs).hasSize(2);
    assertThat(runs.get(1).deadline()).isGreaterThan(runs.get(0).deadline());
    assertThat(LogCapture.messages("tornado.application", Level.ERROR))
        .singleElement(STRING)
        .startsWith("Exception in callback");
  }

  @Test
  void stopFromOutsideTheCallbackPreventsFurtherRuns() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    AtomicReference<PeriodicCallback> holder = new AtomicReference<>();
    CompletableFuture<Integer> runsAfterStop = new CompletableFuture<>();
    Runnable stopFromOutside =
        () -> {
          holder.get().stop();
          int atStop = runs.get();
          loop.callLater(Duration.ofMillis(30), () -> runsAfterStop.complete(runs.get() - atStop));
        };
    holder.set(
        new PeriodicCallback(
            () -> {
              if (runs.incrementAndGet() == 2) {
                loop.addCallback(stopFromOutside);
              }
            },
            Duration.ofMillis(5)));
    loop.addCallback(holder.get()::start);

    assertThat(loop.runSync(() -> runsAfterStop, BOUND)).isZero();
    assertThat(holder.get().isRunning()).isFalse();
  }

  @Test
  void stopInsideTheCallbackPreventsFurtherRuns() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    AtomicReference<PeriodicCallback> holder = new AtomicReference<>();
    CompletableFuture<Void> later = new CompletableFuture<>();
    holder.set(
        new PeriodicCallback(
            () -> {
              runs.incrementAndGet();
              holder.get().stop();
              loop.callLater(Duration.ofMillis(30), () -> later.complete(null));
            },
            Duration.ofMillis(5)));
    loop.addCallback(holder.get()::start);

    loop.runSync(() -> later, BOUND);

    assertThat(runs).hasValue(1);
    assertThat(holder.get().isRunning()).isFalse();
  }

  @Test
  void restartingInsideTheCallbackKeepsASingleSchedule() throws Exception {
    List<Long> deadlines = new ArrayList<>();
    AtomicReference<PeriodicCallback> holder = new AtomicReference<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    holder.set(
        new PeriodicCallback(
            () -> {
              PeriodicCallback self = holder.get();
              deadlines.add(self.nextDeadline());
              if (deadlines.size() == 1) {
                self.stop();
                self.start();
              } else if (deadlines.size() == 6) {
                self.stop();
                done.complete(null);
              }
            },
            Duration.ofMillis(5)));
    loop.addCallback(holder.get()::start);

    loop.runSync(() -> done, BOUND);

    assertThat(deadlines).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void startingTwiceKeepsASingleSchedule() throws Exception {
    List<Long> deadlines = new ArrayList<>();
    AtomicReference<PeriodicCallback> holder = new AtomicReference<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    holder.set(
        new PeriodicCallback(
            () -> {
              deadlines.add(holder.get().nextDeadline());
              if (deadlines.size() == 4) {
                holder.get().stop();
                done.complete(null);
              }
            },
            Duration.ofMillis(5)));
    loop.addCallback(
        () -> {
          holder.get().start();
          holder.get().start();
        });

    loop.runSync(() -> done, BOUND);

    assertThat(deadlines).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void aStoppedTimerCanBeStartedAgain() throws Exception {
    CompletableFuture<Void> ran = new CompletableFuture<>();
    PeriodicCallback periodic =
        new PeriodicCallback(() -> ran.complete(null), Duration.ofMillis(5));
    AtomicReference<Boolean> runningAfterRestart = new AtomicReference<>();
    periodic.stop();
    loop.addCallback(
        () -> {
          periodic.start();
          periodic.stop();
          periodic.start();
          runningAfterRestart.set(periodic.isRunning());
        });

    loop.runSync(() -> ran, BOUND);
    periodic.stop();

    assertThat(runningAfterRestart.get()).isTrue();
  }

  @Test
  void theTimerRunsOnTheLoopThatWasCurrentWhenItStarted() throws Exception {
    CompletableFuture<Thread> ranOn = new CompletableFuture<>();
    PeriodicCallback periodic =
        new PeriodicCallback(() -> ranOn.complete(Thread.currentThread()), Duration.ofMillis(1));
    periodic.start();
    try {
      assertThat(loop.runSync(() -> ranOn, BOUND)).isSameAs(Thread.currentThread());
    } finally {
      periodic.stop();
    }
  }

  @Test
  void aPeriodThatIsNotPositiveIsRejectedQuotingIt() {
    assertThatThrownBy(() -> new PeriodicCallback(() -> {}, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Duration.ZERO.toString());
    assertThatThrownBy(() -> new PeriodicCallback(() -> {}, Duration.ofMillis(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Duration.ofMillis(-5).toString());
  }

  @Test
  void aNegativeOrNanJitterIsRejectedQuotingIt() {
    assertThatThrownBy(() -> new PeriodicCallback(() -> {}, Duration.ofSeconds(1), -0.25))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-0.25");
    assertThatThrownBy(() -> new PeriodicCallback(() -> {}, Duration.ofSeconds(1), Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }

  @Test
  void jitterKeepsEachPeriodWithinHalfTheJitterAroundTheNominalPeriod() {
    long period = 1_000 * MS;
    double jitter = 0.5;
    long low = (long) (period * (1 - jitter / 2));
    long high = (long) (period * (1 + jitter / 2));
    PeriodicCallback periodic = new PeriodicCallback(() -> {}, Duration.ofNanos(period), jitter);
    long shortest = Long.MAX_VALUE;
    long longest = Long.MIN_VALUE;

    for (int i = 0; i < 2000; i++) {
      long before = loop.time();
      periodic.start();
      long after = loop.time();
      long deadline = periodic.nextDeadline();
      periodic.stop();
      // The first period is measured from a start instant between before and after.
      assertThat(deadline - before).isGreaterThanOrEqualTo(low);
      assertThat(deadline - after).isLessThanOrEqualTo(high);
      shortest = Math.min(shortest, deadline - before);
      longest = Math.max(longest, deadline - after);
    }

    // The factor really varies: both ends of the range are reached.
    assertThat(shortest).isLessThan((long) (period * (1 - jitter / 4)));
    assertThat(longest).isGreaterThan((long) (period * (1 + jitter / 4)));
  }

  @Test
  void withoutJitterTheFirstRunIsExactlyOnePeriodAfterStart() {
    long period = 1_000 * MS;
    PeriodicCallback periodic = new PeriodicCallback(() -> {}, Duration.ofNanos(period));

    long before = loop.time();
    periodic.start();
    long after = loop.time();

    assertThat(periodic.nextDeadline()).isBetween(before + period, after + period);
    periodic.stop();
  }

  // ---------------------------------------------------------------- async callbacks

  @Test
  void anAsyncRunIsWaitedForAndTheNextRunTakesTheFirstSlotAfterItCompletes() throws Exception {
    long period = 10 * MS;
    List<Long> deadlines = new ArrayList<>();
    long[] completedAt = new long[1];
    int[] runsWhilePending = new int[1];
    CompletableFuture<Void> firstRun = new CompletableFuture<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicReference<PeriodicCallback> holder = new AtomicReference<>();
    PeriodicCallback periodic =
        PeriodicCallback.ofAsync(
            () -> {
              deadlines.add(holder.get().nextDeadline());
              if (deadlines.size() == 1) {
                loop.callLater(
                    Duration.ofMillis(35),
                    () -> {
                      runsWhilePending[0] = deadlines.size();
                      completedAt[0] = loop.time();
                      firstRun.complete(null);
                    });
                return firstRun;
              }
              holder.get().stop();
              done.complete(null);
              return null;
            },
            Duration.ofNanos(period));
    holder.set(periodic);
    loop.addCallback(periodic::start);

    loop.runSync(() -> done, BOUND);

    assertThat(runsWhilePending[0]).as("runs while the first stage was pending").isEqualTo(1);
    assertThat(deadlines).hasSize(2);
    long gap = deadlines.get(1) - deadlines.get(0);
    assertThat(gap % period).as("the next run stays on the start-to-start grid").isZero();
    assertThat(deadlines.get(1)).isGreaterThan(completedAt[0]);
    assertThat(deadlines.get(1) - completedAt[0]).isLessThan(2 * period);
  }

  @Test
  void aFailedAsyncRunIsLoggedOnceAndTheTimerGoesOn() throws Exception {
    LogCapture.expect("tornado.application", Level.ERROR, "Exception in callback");
    AtomicInteger runs = new AtomicInteger();
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicReference<PeriodicCallback> holder = new AtomicReference<>();
    PeriodicCallback periodic =
        PeriodicCallback.ofAsync(
            () -> {
              if (runs.incrementAndGet() == 1) {
                return CompletableFuture.failedFuture(new IllegalStateException("async boom"));
              }
              holder.get().stop();
              done.complete(null);
              return CompletableFuture.completedFuture("fine");
            },
            Duration.ofMillis(5));
    holder.set(periodic);
    loop.addCallback(periodic::start);

    loop.runSync(() -> done, BOUND);

    assertThat(runs).hasValue(2);
    assertThat(LogCapture.messages("tornado.application", Level.ERROR))
        .singleElement(STRING)
        .startsWith("Exception in callback");
  }

  @Test
  void aStageCompletedOnAnotherThreadSchedulesTheNextRunOnTheLoop() throws Exception {
    List<Thread> ranOn = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicReference<PeriodicCallback> holder = new AtomicReference<>();
    PeriodicCallback periodic =
        PeriodicCallback.ofAsync(
            () -> {
              ranOn.add(Thread.currentThread());
              if (ranOn.size() == 1) {
                return CompletableFuture.runAsync(() -> occupy(Duration.ofMillis(5)));
              }
              holder.get().stop();
              done.complete(null);
              return null;
            },
            Duration.ofMillis(5));
    holder.set(periodic);
    Thread loopThread = Thread.currentThread();
    loop.addCallback(periodic::start);

    loop.runSync(() -> done, BOUND);

    assertThat(ranOn).hasSize(2).containsOnly(loopThread);
  }

  @Test
  void stoppingWhileAnAsyncRunIsPendingPreventsFurtherRuns() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CompletableFuture<Void> pending = new CompletableFuture<>();
    CompletableFuture<Void> settled = new CompletableFuture<>();
    AtomicReference<PeriodicCallback> holder = new AtomicReference<>();
    PeriodicCallback periodic =
        PeriodicCallback.ofAsync(
            () -> {
              runs.incrementAndGet();
              loop.addCallback(
                  () -> {
                    holder.get().stop();
                    pending.complete(null);
                    loop.callLater(Duration.ofMillis(30), () -> settled.complete(null));
                  });
              return pending;
            },
            Duration.ofMillis(5));
    holder.set(periodic);
    loop.addCallback(periodic::start);

    loop.runSync(() -> settled, BOUND);

    assertThat(runs).hasValue(1);
    assertThat(periodic.isRunning()).isFalse();
  }

  @Test
  void ofAsyncRefusesWhatTheConstructorRefuses() {
    assertThatThrownBy(() -> PeriodicCallback.ofAsync(() -> null, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("period: PT0S (expected: > 0)");
    assertThatThrownBy(() -> PeriodicCallback.ofAsync(null, Duration.ofMillis(1)))
        .isInstanceOf(NullPointerException.class);
  }
}
