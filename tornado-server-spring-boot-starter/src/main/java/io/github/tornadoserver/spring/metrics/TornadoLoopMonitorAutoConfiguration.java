package io.github.tornadoserver.spring.metrics;

import io.github.tornadoserver.spring.IOLoopGroup;
import io.github.tornadoserver.spring.TornadoAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Auto-configuration of the {@link LoopMonitor} that the loop metrics and the health indicator
 * share: only when one of them can exist (Micrometer or Spring Boot's health support is present),
 * so that an application with neither runs no probe thread.
 */
@AutoConfiguration(after = TornadoAutoConfiguration.class)
@Conditional(TornadoLoopMonitorAutoConfiguration.MetricsOrHealthPresent.class)
@ConditionalOnBean(IOLoopGroup.class)
@EnableConfigurationProperties(TornadoMetricsProperties.class)
public final class TornadoLoopMonitorAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  LoopMonitor tornadoLoopMonitor(IOLoopGroup loops, TornadoMetricsProperties properties) {
    return new LoopMonitor(loops.loops(), properties.getLoopProbeInterval());
  }

  /** Micrometer or the health contributors are on the class path. */
  static final class MetricsOrHealthPresent extends AnyNestedCondition {
    MetricsOrHealthPresent() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static final class Metrics {}

    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static final class Health {}
  }
}
