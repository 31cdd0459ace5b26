package io.github.tornadoserver.netutil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ResolversTest {
  private static Resolver create(String type) {
    return Resolvers.create(ResolverSpec.defaults().withType(type));
  }

  @Test
  void eachTypeNameMakesItsResolver() {
    Map<String, Class<?>> expected =
        Map.of(
            "default", DefaultExecutorResolver.class,
            "executor", ExecutorResolver.class,
            "blocking", BlockingResolver.class,
            "threaded", ThreadedResolver.class,
            "override", OverrideResolver.class);
    for (String type : Resolvers.TYPES) {
      try (Resolver resolver = create(type)) {
        assertThat(resolver).isInstanceOf(expected.get(type));
        assertThat(resolver.type()).isEqualTo(type);
      }
    }
  }

  @Test
  void theTypeIsReadCaseInsensitively() {
    try (Resolver resolver = create(" Blocking ")) {
      assertThat(resolver).isInstanceOf(BlockingResolver.class);
    }
  }

  @Test
  void anUnknownTypeIsRefusedNamingTheKnownOnes() {
    assertThatThrownBy(() -> create("caching"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "type: \"caching\" (expected: one of default, executor, blocking, threaded, override)");
  }

  @Test
  void overrideWrapsTheDefaultResolverWithTheOverrides() {
    ResolverSpec spec =
        ResolverSpec.defaults()
            .withType("override")
            .withOverrides(Map.of("svc.test:443", "[::1]:8443"));
    try (Resolver resolver = Resolvers.create(spec)) {
      assertThat(((OverrideResolver) resolver).mapping())
          .containsExactly(
              Map.entry(
                  OverrideResolver.Key.of("svc.test", 443),
                  OverrideResolver.Target.of("::1", 8443)));
    }
  }

  @Test
  void aMalformedOverrideIsRefusedWhateverTheType() {
    ResolverSpec spec = ResolverSpec.defaults().withOverrides(Map.of("svc.test:x", "localhost"));
    assertThatThrownBy(() -> Resolvers.create(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("override key \"svc.test:x\"");
  }

  @Test
  void theListenerHearsTheLookupsUnderTheType() {
    StringBuilder heard = new StringBuilder();
    ResolverSpec spec =
        ResolverSpec.defaults()
            .withType("blocking")
            .withListener(
                (type, result, nanos) -> heard.append(type).append(' ').append(result.tag()));
    try (Resolver resolver = Resolvers.create(spec)) {
      resolver.resolve("127.0.0.1", 80).join();
    }
    assertThat(heard).hasToString("blocking success");
  }

  @Test
  void theExecutorTypeOwnsAPoolThatCloseShutsDown() {
    Resolver resolver =
        Resolvers.create(ResolverSpec.defaults().withType("executor").withThreads(2));
    assertThat(resolver.resolve("localhost", 80).join()).isNotEmpty();
    resolver.close();
    assertThatThrownBy(() -> resolver.resolve("localhost", 80))
        .isInstanceOf(IllegalStateException.class);
  }
}
