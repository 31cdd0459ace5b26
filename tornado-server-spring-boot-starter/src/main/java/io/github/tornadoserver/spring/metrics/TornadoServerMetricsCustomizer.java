package io.github.tornadoserver.spring.metrics;

import io.github.tornadoserver.httpserver.HTTPServer;
import io.github.tornadoserver.spring.HTTPServerCustomizer;
import io.github.tornadoserver.spring.TCPServerCustomizer;
import io.github.tornadoserver.tcpserver.TCPServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.core.Ordered;

/**
 * Puts the {@code tornado.server.*} meters on the auto-configured servers: sets each builder's
 * {@link io.github.tornadoserver.tcpserver.ServerListener} and, for HTTP, its rejection listener.
 * The meters of a server are registered when its builder is customized, so a server that is not
 * configured has none.
 *
 * <p>It runs first among the customizers ({@link Ordered#HIGHEST_PRECEDENCE}): a customizer of the
 * application that sets a listener of its own replaces this one, and with it the meters.
 */
public final class TornadoServerMetricsCustomizer
    implements HTTPServerCustomizer, TCPServerCustomizer, Ordered {
  private final MeterRegistry registry;

  /** Meters registered with {@code registry}. */
  public TornadoServerMetricsCustomizer(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void customize(HTTPServer.Builder builder) {
    ServerMeters meters = new ServerMeters(registry, "http");
    builder.listener(meters).rejectionListener(meters::requestRejected);
  }

  @Override
  public void customize(TCPServer.Builder builder) {
    builder.listener(new ServerMeters(registry, "tcp"));
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
