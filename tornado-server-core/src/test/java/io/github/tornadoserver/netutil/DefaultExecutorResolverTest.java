package io.github.tornadoserver.netutil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DefaultExecutorResolverTest extends ResolverContractTest {
  @Override
  Resolver newResolver(ResolverListener listener) {
    return new DefaultExecutorResolver(listener);
  }

  @Override
  boolean looksUpOnTheCallingThread() {
    return false;
  }

  @Test
  void theLookupRunsOnTheLoopsDefaultExecutor() {
    run(() -> resolver.resolve("localhost", 80));
    assertThat(reports.get(0).thread().getName()).startsWith("tornado-executor-");
  }

  @Test
  void aCallOffARunningLoopIsRefusedNamingTheThread() {
    // The test thread owns the loop, but the loop is not running.
    assertThatThrownBy(() -> resolver.resolve("localhost", 80))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(Thread.currentThread().getName())
        .hasMessageContaining("ThreadedResolver or ExecutorResolver");
    assertThat(resolver.type()).isEqualTo("default");
  }
}
