package io.github.tornadoserver.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.testing.Loops;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessTest {

  @Test
  void cpuCountIsAtLeastOne() {
    assertThat(Process.cpuCount()).isPositive();
  }

  @Test
  void theTaskIdIsEmptyOffAnyLoop() {
    assertThat(Process.taskId()).isEmpty();
  }

  @Test
  void eachLoopOfAGroupHasItsTaskId() {
    LoopGroup group = LoopGroup.start(2, "task-id-");
    try {
      assertThat(Loops.call(group.loops().get(0), Process::taskId)).hasValue(0);
      assertThat(Loops.call(group.loops().get(1), Process::taskId)).hasValue(1);
    } finally {
      assertThat(group.shutdown(Duration.ofSeconds(5))).isTrue();
    }
  }

  @Test
  void aLoopOutsideAGroupHasNoTaskId() {
    IOLoop loop = IOLoop.startInNewThread("plain-loop", true);
    try {
      assertThat(Loops.call(loop, Process::taskId)).isEmpty();
    } finally {
      Loops.stop(loop);
    }
  }

  @Test
  void theTaskIdBelongsToTheLoopNotToItsThread() throws Exception {
    LoopGroup group = LoopGroup.start(1, "task-id-thread-");
    CompletableFuture<OptionalInt> onTheSameThreadAfterwards = new CompletableFuture<>();
    IOLoop loop = group.loops().get(0);
    Thread thread = loop.thread();
    try {
      // A second loop run on the group's thread is not the group's loop: it has no task id.
      loop.addCallback(
          () -> {
            IOLoop other = new IOLoop();
            other.addCallback(
                () -> {
                  onTheSameThreadAfterwards.complete(Process.taskId());
                  other.stop();
                });
            other.start();
            other.close(false);
          });
      assertThat(onTheSameThreadAfterwards.get(5, TimeUnit.SECONDS)).isEmpty();
      assertThat(Loops.call(loop, Process::taskId)).hasValue(0);
    } finally {
      group.shutdown(Duration.ofSeconds(5));
    }
    assertThat(thread.isAlive()).isFalse();
  }
}
