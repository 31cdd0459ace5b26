package io.github.tornadoserver.ioloop;

import static io.github.tornadoserver.ioloop.LoopTesting.BOUND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** callLater, callAt, addTimeout and removeTimeout. */
class IOLoopTimerTest {
  private static final long MS = 1_000_000L;

  private IOLoop loop;

  @BeforeEach
  void createLoop() {
    loop = new IOLoop();
  }

  @AfterEach
  void closeLoop() {
    loop.close(true);
  }

  @Test
  void timersRunInDeadlineOrderWhicheverWayTheyWereAdded() throws Exception {
    List<String> ran = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    long now = loop.time();
    // The relative deadlines are taken from the clock at each call: a thread paused between two
    // calls moves the later ones, so the expected order is the order of the deadlines each got
    // (equal deadlines in the order the timers were added).
    Map<String, Long> deadlines = new LinkedHashMap<>();
    deadlines.put(
        "callLater 40",
        loop.callLater(Duration.ofMillis(40), () -> ran.add("callLater 40")).deadline());
    deadlines.put("callAt 10", loop.callAt(now + 10 * MS, () -> ran.add("callAt 10")).deadline());
    deadlines.put(
        "addTimeout(Duration) 30",
        loop.addTimeout(Duration.ofMillis(30), () -> ran.add("addTimeout(Duration) 30"))
            .deadline());
    deadlines.put(
        "addTimeout(long) 20",
        loop.addTimeout(now + 20 * MS, () -> ran.add("addTimeout(long) 20")).deadline());
    deadlines.put(
        "callLater 0", loop.callLater(Duration.ZERO, () -> ran.add("callLater 0")).deadline());
    loop.callAt(
        deadlines.values().stream().mapToLong(Long::longValue).max().orElseThrow() + 10 * MS,
        () -> done.complete(null));

    loop.runSync(() -> done, BOUND);

    List<String> byDeadline = new ArrayList<>(deadlines.keySet());
    byDeadline.sort(Comparator.comparing(deadlines::get));
    assertThat(ran).containsExactlyElementsOf(byDeadline);
    assertThat(deadlines.get("callAt 10")).isEqualTo(now + 10 * MS);
    assertThat(deadlines.get("addTimeout(long) 20")).isEqualTo(now + 20 * MS);
    assertThat(deadlines.get("callLater 40") - now).isGreaterThanOrEqualTo(40 * MS);
  }

  @Test
  void timeoutsDueAtTheSameInstantRunInInsertionOrder() throws Exception {
    List<Integer> ran = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    long deadline = loop.time() + 5 * MS;
    for (int i = 0; i < 200; i++) {
      int n = i;
      if (i % 2 == 0) {
        loop.callAt(deadline, () -> ran.add(n));
      } else {
        loop.addTimeout(deadline, () -> ran.add(n));
      }
    }
    loop.callAt(deadline, () -> done.complete(null));

    loop.runSync(() -> done, BOUND);

    assertThat(ran).hasSize(200).isSorted();
  }

  @Test
  void aTimerNeverRunsBeforeItsDeadline() throws Exception {
    List<Long> lateness = new ArrayList<>();
    AtomicInteger left = new AtomicInteger(5);
    CompletableFuture<Void> done = new CompletableFuture<>();
    long wallStart = System.nanoTime();
    for (int delayMs : new int[] {1, 3, 7, 15, 25}) {
      Timeout timeout =
          loop.callLater(
              Duration.ofMillis(delayMs),
              () -> {
                lateness.add(System.nanoTime() - wallStart - delayMs * MS);
                if (left.decrementAndGet() == 0) {
                  done.complete(null);
                }
              });
      assertThat(timeout.deadline()).isGreaterThanOrEqualTo(wallStart + delayMs * MS);
    }

    loop.runSync(() -> done, BOUND);

    assertThat(lateness).hasSize(5).allSatisfy(late -> assertThat(late).isNotNegative());
  }

  @Test
  void aTimerSeesTheLoopTimeAtOrPastItsDeadline() throws Exception {
    CompletableFuture<Long> seen = new CompletableFuture<>();
    Timeout[] timeout = new Timeout[1];
    timeout[0] = loop.callLater(Duration.ofMillis(10), () -> seen.complete(loop.time()));

    long at = loop.runSync(() -> seen, BOUND);

    assertThat(at - timeout[0].deadline()).isNotNegative();
  }

  @Test
  void aTimerWithANegativeDelayRunsSoon() throws Exception {
    CompletableFuture<String> ran = new CompletableFuture<>();
    loop.callLater(Duration.ofSeconds(-1), () -> ran.complete("ran"));

    assertThat(loop.runSync(() -> ran, BOUND)).isEqualTo("ran");
  }

  @Test
  void removeTimeoutCancelsAPendingTimer() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Timeout removed = loop.callLater(Duration.ofMillis(5), runs::incrementAndGet);
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.callLater(Duration.ofMillis(20), () -> done.complete(null));

    assertThat(removed.isPending()).isTrue();
    loop.removeTimeout(removed);
    assertThat(removed.isPending()).isFalse();
    loop.runSync(() -> done, BOUND);

    assertThat(runs).hasValue(0);
  }

  @Test
  void removingATimerThatAlreadyRanOrWasAlreadyRemovedIsHarmless() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Timeout ran = loop.callLater(Duration.ZERO, runs::incrementAndGet);
    Timeout removed = loop.callLater(Duration.ofMillis(1), runs::incrementAndGet);
    loop.removeTimeout(removed);
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.callLater(Duration.ofMillis(10), () -> done.complete(null));
    loop.runSync(() -> done, BOUND);

    assertThat(ran.isPending()).isFalse();
    loop.removeTimeout(ran);
    loop.removeTimeout(ran);
    loop.removeTimeout(removed);
    loop.removeTimeout(null);

    CompletableFuture<Void> after = new CompletableFuture<>();
    loop.callLater(Duration.ofMillis(1), () -> after.complete(null));
    loop.runSync(() -> after, BOUND);
    assertThat(runs).hasValue(1);
  }

  @Test
  void aTimerRemovedByAnEarlierTimerDueAtTheSameTimeDoesNotRun() throws Exception {
    List<String> ran = new ArrayList<>();
    long deadline = loop.time() + 2 * MS;
    Timeout[] second = new Timeout[1];
    loop.callAt(
        deadline,
        () -> {
          ran.add("first");
          loop.removeTimeout(second[0]);
        });
    second[0] = loop.callAt(deadline, () -> ran.add("second"));
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.callAt(deadline, () -> done.complete(null));

    loop.runSync(() -> done, BOUND);

    assertThat(ran).containsExactly("first");
  }

  @Test
  void removingThousandsOfTimersWorksAndTheRestStillFireInOrder() throws Exception {
    int count = 3000;
    List<Integer> ran = new ArrayList<>();
    List<Timeout> timeouts = new ArrayList<>();
    long base = loop.time() + 5 * MS;
    for (int i = 0; i < count; i++) {
      int n = i;
      // Reverse deadlines so that the heap really has to order them.
      timeouts.add(loop.callAt(base + (count - i) * 1_000L, () -> ran.add(n)));
    }
    // Remove two thirds: far past the sweep threshold, and more than half of the queue.
    List<Integer> expected = new ArrayList<>();
    for (int i = count - 1; i >= 0; i--) {
      if (i % 3 == 0) {
        expected.add(i);
      } else {
        loop.removeTimeout(timeouts.get(i));
      }
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.callAt(base + (count + 1) * 1_000L, () -> done.complete(null));

    loop.runSync(() -> done, BOUND);

    assertThat(ran).isEqualTo(expected);
    assertThat(timeouts).noneMatch(Timeout::isPending);
  }

  @Test
  void removingTimersInsideATimerAcrossTheSweepThresholdKeepsTheRestInOrder() throws Exception {
    int count = 2000;
    List<Integer> ran = new ArrayList<>();
    List<Timeout> timeouts = new ArrayList<>();
    long base = loop.time() + 5 * MS;
    for (int i = 0; i < count; i++) {
      int n = i;
      timeouts.add(loop.callAt(base + 10 * MS + i * 1_000L, () -> ran.add(n)));
    }
    // The removals happen while the loop runs, between due-timer batches.
    loop.callAt(
        base,
        () -> {
          for (int i = 0; i < count; i += 2) {
            loop.removeTimeout(timeouts.get(i));
          }
        });
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.callAt(base + 10 * MS + count * 1_000L, () -> done.complete(null));

    loop.runSync(() -> done, BOUND);

    assertThat(ran).hasSize(count / 2).isSorted().allMatch(n -> n % 2 == 1);
  }

  @Test
  void aTimerThatThrowsIsLoggedOnceAndLaterTimersStillRun() throws Exception {
    LogCapture.expect("tornado.application", Level.ERROR, "Exception in callback");
    CompletableFuture<String> later = new CompletableFuture<>();
    loop.callLater(
        Duration.ofMillis(1),
        () -> {
          throw new IllegalStateException("timer failed");
        });
    loop.callLater(Duration.ofMillis(5), () -> later.complete("ran"));

    assertThat(loop.runSync(() -> later, BOUND)).isEqualTo("ran");
    assertThat(LogCapture.messages("tornado.application", Level.ERROR))
        .singleElement(STRING)
        .startsWith("Exception in callback");
  }

  @Test
  void aTimerAddedByATimerForThePastRunsInALaterIteration() throws Exception {
    List<String> ran = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    long deadline = loop.time() + MS;
    loop.callAt(
        deadline,
        () -> {
          ran.add("outer");
          loop.callAt(
              deadline,
              () -> {
                ran.add("inner");
                done.complete(null);
              });
        });
    loop.callAt(deadline, () -> ran.add("sibling"));

    loop.runSync(() -> done, BOUND);

    assertThat(ran).containsExactly("outer", "sibling", "inner");
  }

  @Test
  void timersPendingAtCloseAreNoLongerPendingAndNeverRun() {
    AtomicInteger runs = new AtomicInteger();
    Timeout pending = loop.callLater(Duration.ZERO, runs::incrementAndGet);

    loop.close(false);

    assertThat(pending.isPending()).isFalse();
    loop.removeTimeout(pending);
    assertThat(runs).hasValue(0);
  }

  @Test
  void timersWaitForTheLoopToStartAndRunOnItsThread() throws Exception {
    CompletableFuture<Thread> ranOn = new CompletableFuture<>();
    loop.callLater(Duration.ZERO, () -> ranOn.complete(Thread.currentThread()));

    assertThat(ranOn).isNotDone();
    assertThat(loop.runSync(() -> ranOn, BOUND)).isSameAs(Thread.currentThread());
  }
}
