package io.github.tornadoserver.netutil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThreadedResolverTest extends ResolverContractTest {
  @Override
  Resolver newResolver(ResolverListener listener) {
    return new ThreadedResolver(4, listener);
  }

  @Override
  boolean looksUpOnTheCallingThread() {
    return false;
  }

  @Test
  void everyInstanceSharesOnePoolSizedByTheFirst() {
    ThreadedResolver small = new ThreadedResolver(1);
    ThreadedResolver large = new ThreadedResolver(50);
    assertThat(ThreadedResolver.pool()).isNotNull();
    assertThat(small.threads())
        .isEqualTo(large.threads())
        .isEqualTo(((ThreadedResolver) resolver).threads());
    // Whichever test made the first instance fixed the size; 50 came too late to change it.
    assertThat(large.threads()).isNotEqualTo(50);
    small.close();
    large.close();
  }

  @Test
  void closeLeavesTheSharedPoolRunning() {
    resolver.close();
    assertThat(ThreadedResolver.pool().isShutdown()).isFalse();
    ThreadedResolver another = new ThreadedResolver();
    assertThat(run(() -> another.resolve("localhost", 80))).isNotEmpty();
  }

  @Test
  void lookupsRunOnTheSharedPoolsThreads() {
    run(() -> resolver.resolve("localhost", 80));
    assertThat(reports.get(0).thread().getName()).startsWith("tornado-resolver-");
    assertThat(resolver.type()).isEqualTo("threaded");
  }

  @Test
  void aPoolWithoutThreadsIsRefused() {
    assertThatThrownBy(() -> new ThreadedResolver(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threads: 0 (expected: > 0)");
  }
}
