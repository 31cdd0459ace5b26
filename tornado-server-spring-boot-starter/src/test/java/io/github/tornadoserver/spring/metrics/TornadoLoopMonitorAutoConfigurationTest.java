package io.github.tornadoserver.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.testing.TornadoContexts;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class TornadoLoopMonitorAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      TornadoContexts.runner()
          .withConfiguration(AutoConfigurations.of(TornadoLoopMonitorAutoConfiguration.class));

  @Test
  void monitorsEveryLoopOfTheGroupOncePerSecondByDefault() {
    runner.run(
        context -> {
          LoopMonitor monitor = context.getBean(LoopMonitor.class);
          assertThat(monitor.interval()).isEqualTo(Duration.ofSeconds(1));
          assertThat(monitor.probes()).hasSize(1);
          assertThat(LoopMonitor.nameOf(monitor.probes().get(0).loop()))
              .isEqualTo("tornado-loop-0");
          assertThat(monitor.isRunning()).isTrue();
        });
  }

  @Test
  void theProbeIntervalIsAProperty() {
    runner
        .withPropertyValues("tornado.metrics.loop-probe-interval=250ms")
        .run(
            context ->
                assertThat(context.getBean(LoopMonitor.class).interval())
                    .isEqualTo(Duration.ofMillis(250)));
  }

  @Test
  void thePropertyDefaultIsOneSecond() {
    assertThat(new TornadoMetricsProperties().getLoopProbeInterval())
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void isStillThereWithOnlyMicrometerOrOnlyHealth() {
    runner
        .withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
        .run(context -> assertThat(context).hasSingleBean(LoopMonitor.class));
    runner
        .withClassLoader(new FilteredClassLoader("io.micrometer"))
        .run(context -> assertThat(context).hasSingleBean(LoopMonitor.class));
  }

  @Test
  void backsOffWithNeitherMicrometerNorHealth() {
    runner
        .withClassLoader(
            new FilteredClassLoader("io.micrometer", "org.springframework.boot.health"))
        .run(context -> assertThat(context).doesNotHaveBean(LoopMonitor.class));
  }

  @Test
  void backsOffForAMonitorOfTheApplication() {
    runner
        .withUserConfiguration(OwnMonitor.class)
        .run(
            context ->
                assertThat(context.getBean(LoopMonitor.class).interval())
                    .isEqualTo(Duration.ofMinutes(1)));
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnMonitor {
    @Bean
    LoopMonitor ownMonitor() {
      return new LoopMonitor(List.of(), Duration.ofMinutes(1));
    }
  }
}
