package io.github.tornadoserver.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.testing.OnLoop;
import io.github.tornadoserver.testing.RawHttp;
import io.github.tornadoserver.testing.TornadoContexts;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class TornadoMetricsAutoConfigurationTest {
  private static final AutoConfigurations METRICS =
      AutoConfigurations.of(
          TornadoLoopMonitorAutoConfiguration.class, TornadoMetricsAutoConfiguration.class);

  private final ApplicationContextRunner runner =
      TornadoContexts.runner()
          .withConfiguration(METRICS)
          .withConfiguration(
              AutoConfigurations.of(
                  MetricsAutoConfiguration.class,
                  CompositeMeterRegistryAutoConfiguration.class,
                  SimpleMetricsExportAutoConfiguration.class));

  @Test
  void bindsTheLoopMetersAndOffersTheServerAndResolverMeters() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(TornadoServerMetricsCustomizer.class);
          assertThat(context).hasSingleBean(TornadoResolverMetrics.class);
          assertThat(context).hasSingleBean(TornadoLoopMetrics.class);
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(registry.get("tornado.ioloop.lag").tag("loop", "tornado-loop-0").timeGauge())
              .isNotNull();
          assertThat(
                  registry
                      .get("tornado.ioloop.tasks.pending")
                      .tag("loop", "tornado-loop-0")
                      .gauge())
              .isNotNull();
        });
  }

  @Test
  void theRunningHttpServerReportsItsTraffic() {
    runner.run(
        context -> {
          assertThat(RawHttp.get(TornadoContexts.httpPort(context), "/nothing-here").status())
              .isEqualTo(404);
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          OnLoop.await(
              () ->
                  registry
                          .get("tornado.server.connections.duration")
                          .tag("server", "http")
                          .timer()
                          .count()
                      == 1,
              "the connection's end counted");
          assertThat(
                  registry
                      .get("tornado.server.connections.accepted")
                      .tag("server", "http")
                      .counter()
                      .count())
              .isEqualTo(1);
          assertThat(
                  registry.get("tornado.server.bytes.sent").tag("server", "http").counter().count())
              .isPositive();
        });
  }

  @Test
  void backsOffWithoutMicrometer() {
    runner
        .withClassLoader(new FilteredClassLoader("io.micrometer"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(TornadoServerMetricsCustomizer.class);
              assertThat(context).doesNotHaveBean(TornadoLoopMetrics.class);
            });
  }

  @Test
  void backsOffWithoutAMeterRegistry() {
    TornadoContexts.runner()
        .withConfiguration(METRICS)
        .run(
            context -> {
              assertThat(context).hasSingleBean(LoopMonitor.class);
              assertThat(context).doesNotHaveBean(TornadoServerMetricsCustomizer.class);
              assertThat(context).doesNotHaveBean(TornadoResolverMetrics.class);
            });
  }

  @Test
  void backsOffForMetricBeansOfTheApplication() {
    runner
        .withUserConfiguration(OwnMetrics.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(TornadoServerMetricsCustomizer.class);
              assertThat(context).hasBean("ownCustomizer");
              assertThat(context).hasSingleBean(TornadoResolverMetrics.class);
              assertThat(context).hasBean("ownResolverMetrics");
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnMetrics {
    @Bean
    TornadoServerMetricsCustomizer ownCustomizer(MeterRegistry registry) {
      return new TornadoServerMetricsCustomizer(registry);
    }

    @Bean
    TornadoResolverMetrics ownResolverMetrics(MeterRegistry registry) {
      return new TornadoResolverMetrics(registry);
    }
  }
}
