package io.github.tornadoserver.spring.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.spring.TornadoAutoConfiguration;
import io.github.tornadoserver.spring.http.TornadoRoutingAutoConfiguration;
import io.github.tornadoserver.spring.metrics.LoopMonitor;
import io.github.tornadoserver.spring.metrics.TornadoLoopMonitorAutoConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class TornadoHealthAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  TornadoAutoConfiguration.class,
                  TornadoRoutingAutoConfiguration.class,
                  TornadoLoopMonitorAutoConfiguration.class,
                  TornadoHealthAutoConfiguration.class))
          .withPropertyValues("tornado.http.port=0", "tornado.http.address=127.0.0.1");

  @Test
  void registersTheTornadoHealthIndicator() {
    runner.run(
        context -> {
          assertThat(context).hasBean("tornadoHealthIndicator");
          Health health = context.getBean(TornadoHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).containsKeys("loops", "servers");
        });
  }

  @Test
  void theLagThresholdIsFiveSecondsByDefaultAndAProperty() {
    assertThat(new TornadoHealthProperties().getLoopLagThreshold())
        .isEqualTo(Duration.ofSeconds(5));
    runner
        .withPropertyValues("tornado.health.loop-lag-threshold=2s")
        .run(
            context ->
                assertThat(context.getBean(TornadoHealthProperties.class).getLoopLagThreshold())
                    .isEqualTo(Duration.ofSeconds(2)));
  }

  @Test
  void backsOffWithoutSpringBootHealth() {
    runner
        .withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
        .run(
            context -> {
              assertThat(context).hasSingleBean(LoopMonitor.class);
              assertThat(context).doesNotHaveBean(TornadoHealthIndicator.class);
            });
  }

  @Test
  void backsOffWhenTheIndicatorIsDisabled() {
    runner
        .withPropertyValues("management.health.tornado.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(TornadoHealthIndicator.class));
  }

  @Test
  void backsOffWithoutALoopMonitor() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                TornadoAutoConfiguration.class,
                TornadoRoutingAutoConfiguration.class,
                TornadoHealthAutoConfiguration.class))
        .withPropertyValues("tornado.http.port=0", "tornado.http.address=127.0.0.1")
        .run(context -> assertThat(context).doesNotHaveBean(TornadoHealthIndicator.class));
  }

  @Test
  void backsOffForAnIndicatorOfTheSameName() {
    runner
        .withUserConfiguration(OwnIndicator.class)
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(TornadoHealthIndicator.class);
              assertThat(context.getBean("tornadoHealthIndicator", HealthIndicator.class).health())
                  .isEqualTo(Health.outOfService().build());
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnIndicator {
    @Bean
    HealthIndicator tornadoHealthIndicator() {
      return () -> Health.outOfService().build();
    }
  }
}
