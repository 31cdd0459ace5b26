package io.github.tornadoserver.spring.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.httpserver.HTTPServer;
import io.github.tornadoserver.spring.metrics.LoopMonitor;
import io.github.tornadoserver.spring.metrics.TornadoLoopMonitorAutoConfiguration;
import io.github.tornadoserver.testing.TornadoContexts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
      TornadoContexts.runner()
          .withConfiguration(
              AutoConfigurations.of(
                  TornadoLoopMonitorAutoConfiguration.class, TornadoHealthAutoConfiguration.class));

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
  void seesTheStartedHttpServerListeningAndDownOnceItStopped() {
    runner.run(
        context -> {
          TornadoHealthIndicator indicator = context.getBean(TornadoHealthIndicator.class);
          Health running = indicator.health();
          assertThat(running.getStatus()).isEqualTo(Status.UP);
          assertThat(servers(running).get("http"))
              .isEqualTo(
                  Map.of(
                      "state",
                      "listening",
                      "addresses",
                      List.of("127.0.0.1:" + TornadoContexts.httpPort(context))));
          assertThat(servers(running).get("tcp"))
              .isEqualTo(Map.of("state", "not started", "addresses", List.of()));

          context.getBean(HTTPServer.class).stop().get(5, TimeUnit.SECONDS);
          Health stopped = indicator.health();
          assertThat(stopped.getStatus()).isEqualTo(Status.DOWN);
          assertThat(servers(stopped).get("http"))
              .isEqualTo(Map.of("state", "stopped", "addresses", List.of()));
        });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> servers(Health health) {
    return (Map<String, Object>) health.getDetails().get("servers");
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
    TornadoContexts.runner()
        .withConfiguration(AutoConfigurations.of(TornadoHealthAutoConfiguration.class))
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
