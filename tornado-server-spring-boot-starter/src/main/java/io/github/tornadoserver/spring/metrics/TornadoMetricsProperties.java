package io.github.tornadoserver.spring.metrics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code tornado.metrics.*} properties: how the loops are watched. */
@ConfigurationProperties("tornado.metrics")
public class TornadoMetricsProperties {
  /** How often each loop's lag is probed (read by the loop-lag gauge and the health check). */
  private Duration loopProbeInterval = Duration.ofSeconds(1);

  public Duration getLoopProbeInterval() {
    return loopProbeInterval;
  }

  public void setLoopProbeInterval(Duration loopProbeInterval) {
    this.loopProbeInterval = loopProbeInterval;
  }
}
