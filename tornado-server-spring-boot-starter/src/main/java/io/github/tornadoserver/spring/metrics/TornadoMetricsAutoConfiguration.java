package io.github.tornadoserver.spring.metrics;

import io.github.tornadoserver.spring.TornadoAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code tornado.*} Micrometer meters: the servers' (through {@link
 * TornadoServerMetricsCustomizer}), the loops' ({@link TornadoLoopMetrics}) and the resolver's
 * ({@link TornadoResolverMetrics}) and the clients that left ({@link TornadoDisconnectMetrics}).
 * Active when Micrometer is present and a {@link MeterRegistry} bean exists; {@code
 * http.server.requests} is observed elsewhere, through the Observation API.
 */
@AutoConfiguration(
    after = {TornadoAutoConfiguration.class, TornadoLoopMonitorAutoConfiguration.class},
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
    })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class TornadoMetricsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  TornadoServerMetricsCustomizer tornadoServerMetricsCustomizer(MeterRegistry registry) {
    return new TornadoServerMetricsCustomizer(registry);
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(LoopMonitor.class)
  TornadoLoopMetrics tornadoLoopMetrics(LoopMonitor monitor) {
    return new TornadoLoopMetrics(monitor);
  }

  @Bean
  @ConditionalOnMissingBean
  TornadoDisconnectMetrics tornadoDisconnectMetrics(MeterRegistry registry) {
    return new TornadoDisconnectMetrics(registry);
  }

  @Bean
  @ConditionalOnMissingBean
  TornadoResolverMetrics tornadoResolverMetrics(MeterRegistry registry) {
    return new TornadoResolverMetrics(registry);
  }
}
