package io.github.tornadoserver.netutil;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BlockingResolverTest extends ResolverContractTest {
  @Override
  Resolver newResolver(ResolverListener listener) {
    return new BlockingResolver(listener);
  }

  @Override
  boolean looksUpOnTheCallingThread() {
    return true;
  }

  @Test
  void aNameIsResolvedBeforeResolveReturns() {
    CompletableFuture<List<ResolvedAddress>> future =
        run(() -> CompletableFuture.completedFuture(resolver.resolve("localhost", 80)));
    assertThat(future).isCompletedWithValueMatching(addresses -> !addresses.isEmpty());
  }

  @Test
  void itWorksWithoutAnyLoop() {
    assertThat(new BlockingResolver().resolve("localhost", 80).join()).isNotEmpty();
    assertThat(resolver.type()).isEqualTo("blocking");
  }
}
