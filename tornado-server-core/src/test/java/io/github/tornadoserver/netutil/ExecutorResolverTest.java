package io.github.tornadoserver.netutil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExecutorResolverTest extends ResolverContractTest {
  @Override
  Resolver newResolver(ResolverListener listener) {
    return new ExecutorResolver(ResolverCore.newPool("test-resolver", 2), true, listener);
  }

  @Override
  boolean looksUpOnTheCallingThread() {
    return false;
  }

  @Test
  void closeShutsTheExecutorDownWhenToldTo() {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    new ExecutorResolver(pool, true).close();
    assertThat(pool.isShutdown()).isTrue();
  }

  @Test
  void closeLeavesTheExecutorAloneOtherwise() {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      new ExecutorResolver(pool, false).close();
      assertThat(pool.isShutdown()).isFalse();
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void closingAnExecutorThatCannotBeShutDownIsRefused() {
    assertThatThrownBy(() -> new ExecutorResolver(Runnable::run, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("closeExecutor: true")
        .hasMessageContaining("expected: an ExecutorService");
  }

  @Test
  void aRefusedTaskFailsTheLookupAsAnError() {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    pool.shutdown();
    Resolver refusing = new ExecutorResolver(pool, false, listener);
    Throwable failure = failureOf(() -> refusing.resolve("localhost", 80));
    assertThat(failure)
        .isInstanceOf(UnresolvedHostException.class)
        .hasMessageStartingWith("cannot resolve localhost: ")
        .hasCauseInstanceOf(RejectedExecutionException.class);
    assertThat(reports).extracting(Report::result).containsExactly(LookupResult.ERROR);
  }

  @Test
  void offALoopTheFutureCompletesOnThePool() throws Exception {
    // The test thread's loop is not running: nothing would bring the answer back to it.
    assertThat(resolver.resolve("localhost", 80).get(5, TimeUnit.SECONDS)).isNotEmpty();
    assertThat(reports.get(0).thread().getName()).startsWith("test-resolver-");
    assertThat(resolver.type()).isEqualTo("executor");
  }

  @Test
  void lookupsQueuedBeforeCloseStillComplete() {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Resolver closing = new ExecutorResolver(pool, true);
    var pending = closing.resolve("localhost", 80);
    closing.close();
    assertThat(pending.orTimeout(5, TimeUnit.SECONDS).join()).isNotEmpty();
    assertThat(pool.isShutdown()).isTrue();
    assertThatThrownBy(() -> closing.resolve("localhost", 80))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("executor resolver is closed");
  }
}
