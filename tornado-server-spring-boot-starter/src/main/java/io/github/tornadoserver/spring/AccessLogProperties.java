package io.github.tornadoserver.spring;

import io.github.tornadoserver.httpserver.AccessLog;

/** The {@code tornado.http.access-log.*} properties: a line per request on tornado.access. */
public class AccessLogProperties {
  /** Whether to write a line per request to the tornado.access logger. */
  private boolean enabled;

  /** The shape of the line: Tornado's, the Common Log Format or the Combined Log Format. */
  private AccessLog.Format format = AccessLog.Format.TORNADO;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public AccessLog.Format getFormat() {
    return format;
  }

  public void setFormat(AccessLog.Format format) {
    this.format = format;
  }

  /** The core option these values describe. */
  AccessLog toOptions() {
    return enabled ? AccessLog.of(format) : AccessLog.off();
  }
}
