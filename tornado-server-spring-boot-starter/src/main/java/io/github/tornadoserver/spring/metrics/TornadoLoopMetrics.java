package io.github.tornadoserver.spring.metrics;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.ioloop.LagProbe;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;

/**
 * The loop meters, one of each per loop, tagged {@code loop} with the loop thread's name (so as
 * many series as loops):
 *
 * <ul>
 *   <li>{@code tornado.ioloop.lag}: the loop's lag as its {@link LoopMonitor} probe last saw it, or
 *       the age of the probe still waiting when that is longer (a stuck loop's lag keeps growing);
 *   <li>{@code tornado.ioloop.tasks.pending}: callbacks queued for the loop's coming iterations.
 * </ul>
 */
public final class TornadoLoopMetrics implements MeterBinder {
  private final LoopMonitor monitor;

  /** The meters of the loops {@code monitor} probes. */
  public TornadoLoopMetrics(LoopMonitor monitor) {
    this.monitor = monitor;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (LagProbe probe : monitor.probes()) {
      String loop = LoopMonitor.nameOf(probe.loop());
      TimeGauge.builder("tornado.ioloop.lag", probe, TimeUnit.NANOSECONDS, LagProbe::lagNanos)
          .tag("loop", loop)
          .description("Time from posting a probe callback to the loop running it")
          .strongReference(true)
          .register(registry);
      Gauge.builder("tornado.ioloop.tasks.pending", probe.loop(), IOLoop::pendingCallbacks)
          .tag("loop", loop)
          .description("Callbacks queued for the loop's coming iterations")
          .baseUnit("tasks")
          .strongReference(true)
          .register(registry);
    }
  }
}
