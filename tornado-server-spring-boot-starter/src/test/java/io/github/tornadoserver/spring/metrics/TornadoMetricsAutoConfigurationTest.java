package io.github.tornadoserver.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.spring.TornadoAutoConfiguration;
import io.github.tornadoserver.spring.http.TornadoRoutingAutoConfiguration;
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
  private static final AutoConfigurations TORNADO =
      AutoConfigurations.of(
          TornadoAutoConfiguration.class,
          TornadoRoutingAutoConfiguration.class,
          TornadoLoopMonitorAutoConfiguration.class,
          TornadoMetricsAutoConfiguration.class);

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(TORNADO)
          .withConfiguration(
              AutoConfigurations.of(
                  MetricsAutoConfiguration.class,
                  CompositeMeterRegistryAutoConfiguration.class,
                  SimpleMetricsExportAutoConfiguration.class))
          .withPropertyValues("tornado.http.port=0", "tornado.http.address=127.0.0.1");

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
    new ApplicationContextRunner()
        .withConfiguration(TORNADO)
        .withPropertyValues("tornado.http.port=0", "tornado.http.address=127.0.0.1")
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
