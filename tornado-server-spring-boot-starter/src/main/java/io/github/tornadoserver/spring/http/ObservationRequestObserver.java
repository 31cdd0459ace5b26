package io.github.tornadoserver.spring.http;

import io.github.tornadoserver.httputil.HTTPServerRequest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/** Records each routed request as an {@code http.server.requests} observation. */
final class ObservationRequestObserver implements RequestObserver {
  private static final DefaultTornadoRequestObservationConvention DEFAULT =
      new DefaultTornadoRequestObservationConvention();

  private final ObservationRegistry registry;
  private final TornadoRequestObservationConvention convention;

  /**
   * @param convention a convention that replaces the default one, or null
   */
  ObservationRequestObserver(
      ObservationRegistry registry, TornadoRequestObservationConvention convention) {
    this.registry = registry;
    this.convention = convention;
  }

  @Override
  public Observed start(HTTPServerRequest request, String route) {
    // The context is made only when the observation is (a switched-off one makes none).
    Observation observation =
        Observation.createNotStarted(
                convention,
                DEFAULT,
                () -> new TornadoRequestObservationContext(request, route),
                registry)
            .start();
    if (observation.isNoop()) {
      return Observed.NONE; // nothing watches: nothing to tell at the end
    }
    TornadoRequestObservationContext context =
        (TornadoRequestObservationContext) observation.getContext();
    return (status, error) -> {
      context.setStatus(status);
      if (error != null) {
        observation.error(error);
      }
      observation.stop();
    };
  }
}
