package io.github.tornadoserver.spring.http;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code http.server.requests} observation of routed requests. Define a bean of
 * this type to replace {@link DefaultTornadoRequestObservationConvention}.
 */
public interface TornadoRequestObservationConvention
    extends ObservationConvention<TornadoRequestObservationContext> {
  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof TornadoRequestObservationContext;
  }
}
