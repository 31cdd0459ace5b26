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
    // Micrometer asks the supplier for a context whenever the registry is not a no-op one, before
    // its predicates, which may read the context: an observation switched off by a predicate
    // still makes one, and start() on the no-op observation that comes back does nothing.
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
    return new Started(observation);
  }

  /**
   * One started observation. A class rather than a lambda because one is made for every request: a
   * lambda is made through its call site's factory, and where the compiler did not inline that
   * factory, each one costs a call into the VM; a {@code new} is always the compiled code's own
   * allocation.
   */
  private static final class Started implements Observed {
    private final Observation observation;

    Started(Observation observation) {
      this.observation = observation;
    }

    @Override
    public void stop(int status, Throwable error) {
      ((TornadoRequestObservationContext) observation.getContext()).setStatus(status);
      if (error != null) {
        observation.error(error);
      }
      observation.stop();
    }
  }
}
