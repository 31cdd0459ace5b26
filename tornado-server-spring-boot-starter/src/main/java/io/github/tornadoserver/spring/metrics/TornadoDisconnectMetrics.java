package io.github.tornadoserver.spring.metrics;

import io.github.tornadoserver.spring.http.DisconnectListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts routed requests whose client left before the response was written, as {@code
 * tornado.server.client.disconnects} (tag {@code server=http}): a normal event, so a counter rather
 * than a log line. Thread-safe.
 */
public final class TornadoDisconnectMetrics implements DisconnectListener {
  /** The counter's name. */
  public static final String NAME = "tornado.server.client.disconnects";

  private final Counter disconnects;

  public TornadoDisconnectMetrics(MeterRegistry registry) {
    this.disconnects =
        Counter.builder(NAME)
            .tag("server", "http")
            .description("Requests whose client left before the response was written")
            .register(registry);
  }

  @Override
  public void clientLeft(String route) {
    disconnects.increment();
  }
}
