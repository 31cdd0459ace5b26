package io.github.tornadoserver.spring;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.netutil.BlockingResolver;
import io.github.tornadoserver.netutil.LookupResult;
import io.github.tornadoserver.netutil.ResolvedAddress;
import io.github.tornadoserver.netutil.Resolver;
import io.github.tornadoserver.netutil.ResolverListener;
import io.github.tornadoserver.netutil.ResolverSpec;
import io.github.tornadoserver.netutil.ThreadedResolver;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.Loops;
import io.github.tornadoserver.testing.TornadoContexts;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.MapPropertySource;

/** The resolver bean of {@code tornado.resolver.*}. */
class TornadoResolverTest {
  private final ApplicationContextRunner runner =
      TornadoContexts.runner().withPropertyValues("tornado.http.enabled=false");

  @Test
  void defaultsAreTheCoreDefaults() {
    TornadoProperties.Resolver defaults = new TornadoProperties().getResolver();
    assertThat(defaults.getType()).isEqualTo(ResolverSpec.DEFAULT_TYPE);
    assertThat(defaults.getThreads()).isEqualTo(ThreadedResolver.DEFAULT_THREADS);
  }

  @Test
  void isTheDefaultResolverUnlessToldOtherwise() {
    runner.run(
        context -> {
          Resolver resolver = context.getBean(Resolver.class);
          assertThat(resolver.type()).isEqualTo("default");
          assertThat(resolve(context, "127.0.0.1", 80))
              .containsExactly(new InetSocketAddress("127.0.0.1", 80));
        });
  }

  @Test
  void mapsHostsWithTheOverrides() {
    // Names under .invalid: were a mapping missed, the lookup would fail without a query.
    // Keys with a colon go in through a property source: withPropertyValues splits at a colon.
    runner
        .withPropertyValues("tornado.resolver.type=override")
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new MapPropertySource(
                            "overrides",
                            Map.of(
                                "tornado.resolver.overrides[service.invalid]", "127.0.0.1",
                                "tornado.resolver.overrides[api.invalid:443]", "127.0.0.1:8443"))))
        .run(
            context -> {
              Resolver resolver = context.getBean(Resolver.class);
              assertThat(resolver.type()).isEqualTo("override");
              assertThat(resolve(context, "service.invalid", 80))
                  .containsExactly(new InetSocketAddress("127.0.0.1", 80));
              assertThat(resolve(context, "api.invalid", 443))
                  .containsExactly(new InetSocketAddress("127.0.0.1", 8443));
            });
  }

  @Test
  void takesEveryTypeByName() {
    for (String type : List.of("executor", "blocking", "threaded")) {
      runner
          .withPropertyValues("tornado.resolver.type=" + type, "tornado.resolver.threads=2")
          .run(context -> assertThat(context.getBean(Resolver.class).type()).isEqualTo(type));
    }
  }

  @Test
  void tellsEveryListenerBeanOfEachLookupInOrder() {
    runner
        .withUserConfiguration(Listeners.class)
        .run(
            context -> {
              resolve(context, "127.0.0.1", 80);
              assertThat(context.getBean(Listeners.class).told)
                  .containsExactly("first default success", "second default success");
            });
  }

  @Test
  void backsOffFromTheApplicationsResolver() {
    Resolver own = new BlockingResolver(ResolverListener.NONE);
    runner
        .withBean(Resolver.class, () -> own)
        .run(context -> assertThat(context.getBean(Resolver.class)).isSameAs(own));
  }

  @Test
  void failsStartUpForAnUnknownTypeNamingTheKnownOnes() {
    LogCapture.expect(
        TornadoAutoConfigurationTest.CONTEXT_LOGGER, Level.WARN, "cancelling refresh attempt");
    runner
        .withPropertyValues("tornado.resolver.type=dns")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("\"dns\"")
                    .hasMessageContaining("default, executor, blocking, threaded, override"));
  }

  /**
   * Resolves on a loop of the group: the default resolver runs its lookups on the loop's executor.
   */
  private static List<InetSocketAddress> resolve(ApplicationContext context, String host, int port)
      throws Exception {
    IOLoop loop = context.getBean(IOLoopGroup.class).loops().get(0);
    Resolver resolver = context.getBean(Resolver.class);
    return Loops.call(loop, () -> resolver.resolve(host, port)).get(5, TimeUnit.SECONDS).stream()
        .map(ResolvedAddress::address)
        .toList();
  }

  @Configuration(proxyBeanMethods = false)
  static class Listeners {
    final List<String> told = new CopyOnWriteArrayList<>();

    @Bean
    @Order(2)
    ResolverListener second() {
      return (type, result, nanos) -> told.add("second " + type + " " + tag(result));
    }

    @Bean
    @Order(1)
    ResolverListener first() {
      return (type, result, nanos) -> told.add("first " + type + " " + tag(result));
    }

    private static String tag(LookupResult result) {
      return result.tag();
    }
  }
}
