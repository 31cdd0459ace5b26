package io.github.tornadoserver.spring.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code tornado.health.*} properties: when the {@code tornado} health check says DOWN. */
@ConfigurationProperties("tornado.health")
public class TornadoHealthProperties {
  /** The loop lag beyond which a loop counts as stuck and the health check is DOWN. */
  private Duration loopLagThreshold = Duration.ofSeconds(5);

  public Duration getLoopLagThreshold() {
    return loopLagThreshold;
  }

  public void setLoopLagThreshold(Duration loopLagThreshold) {
    this.loopLagThreshold = loopLagThreshold;
  }
}
