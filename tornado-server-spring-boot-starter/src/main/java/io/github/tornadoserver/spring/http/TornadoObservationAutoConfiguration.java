package io.github.tornadoserver.spring.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Records every routed request as an {@code http.server.requests} observation (tags {@code method},
 * {@code uri} as the route pattern, {@code status}, {@code outcome}, {@code exception}) when
 * Micrometer's Observation API is present and the application has an {@link ObservationRegistry},
 * as Spring Boot's observation auto-configuration provides.
 *
 * <p>Where Boot's metrics record observations with its {@link DefaultMeterObservationHandler} and
 * no other meter handler, the starter's requests are recorded into the same meters by a {@link
 * TornadoRequestMeterObservationHandler}, which keeps the meters it registers.
 */
@AutoConfiguration(
    before = TornadoRoutingAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
    })
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnBooleanProperty(name = "tornado.http.enabled", matchIfMissing = true)
public final class TornadoObservationAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  ObservationRequestObserver tornadoRequestObserver(
      ObservationRegistry registry,
      ObjectProvider<TornadoRequestObservationConvention> convention) {
    return new ObservationRequestObserver(registry, convention.getIfAvailable());
  }

  /**
   * Ordered before Boot's handler, which has no order: Boot hands each observation to the first
   * meter handler that supports it, and this one supports only the starter's requests.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MeterObservationHandler.class, MetricsProperties.class})
  @ConditionalOnBean({MeterRegistry.class, DefaultMeterObservationHandler.class})
  @ConditionalOnMissingBean(
      value = MeterObservationHandler.class,
      ignored = DefaultMeterObservationHandler.class)
  static class RequestMeters {
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE - 1)
    TornadoRequestMeterObservationHandler tornadoRequestMeterObservationHandler(
        MeterRegistry registry, MetricsProperties properties) {
      boolean longTaskTimer =
          !properties.getObservations().getIgnoredMeters().contains(IgnoredMeters.LONG_TASK_TIMER);
      return new TornadoRequestMeterObservationHandler(registry, longTaskTimer);
    }
  }
}
