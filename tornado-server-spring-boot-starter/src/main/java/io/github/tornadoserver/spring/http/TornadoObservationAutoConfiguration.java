package io.github.tornadoserver.spring.http;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Records every routed request as an {@code http.server.requests} observation (tags {@code method},
 * {@code uri} as the route pattern, {@code status}, {@code outcome}, {@code exception}) when
 * Micrometer's Observation API is present and the application has an {@link ObservationRegistry},
 * as Spring Boot's observation auto-configuration provides.
 */
@AutoConfiguration(
    before = TornadoRoutingAutoConfiguration.class,
    afterName =
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
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
}
