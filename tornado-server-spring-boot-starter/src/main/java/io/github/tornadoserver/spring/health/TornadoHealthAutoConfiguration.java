package io.github.tornadoserver.spring.health;

import io.github.tornadoserver.httpserver.HTTPServer;
import io.github.tornadoserver.spring.TornadoAutoConfiguration;
import io.github.tornadoserver.spring.metrics.LoopMonitor;
import io.github.tornadoserver.spring.metrics.TornadoLoopMonitorAutoConfiguration;
import io.github.tornadoserver.tcpserver.TCPServer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code tornado} {@link TornadoHealthIndicator}: when Spring Boot's
 * health support is present, {@code management.health.tornado.enabled} is not false, and the loops
 * are monitored. Like Spring Boot's own indicators, it is set up before the health contributors are
 * collected.
 */
@AutoConfiguration(
    after = {TornadoAutoConfiguration.class, TornadoLoopMonitorAutoConfiguration.class},
    beforeName =
        "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(LoopMonitor.class)
@EnableConfigurationProperties(TornadoHealthProperties.class)
public final class TornadoHealthAutoConfiguration {

  /**
   * Nested so that its condition, which lives in Spring Boot's health module, is only read once
   * that module is known to be present.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnEnabledHealthIndicator("tornado")
  static class IndicatorConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "tornadoHealthIndicator")
    TornadoHealthIndicator tornadoHealthIndicator(
        LoopMonitor monitor,
        TornadoHealthProperties properties,
        ObjectProvider<HTTPServer> http,
        ObjectProvider<TCPServer> tcp) {
      return new TornadoHealthIndicator(monitor, properties.getLoopLagThreshold())
          .watch("http", () -> http.stream().flatMap(s -> s.localAddresses().stream()).toList())
          .watch("tcp", () -> tcp.stream().flatMap(s -> s.localAddresses().stream()).toList());
    }
  }
}
