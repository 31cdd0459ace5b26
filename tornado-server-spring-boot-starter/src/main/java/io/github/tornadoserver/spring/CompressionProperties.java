package io.github.tornadoserver.spring;

import java.util.List;
import org.springframework.util.unit.DataSize;

/**
 * The {@code tornado.http.compression.*} properties: gzip for responses. Each value left unset
 * takes Boot's {@code server.compression.*} twin, and without that Boot's default (see {@link
 * ServerCompressionFallback}).
 */
public class CompressionProperties {
  /** Whether to gzip responses; unset: server.compression.enabled, else false. */
  private Boolean enabled;

  /** The media types compressed ("type/*" for all of a type); unset: server.compression's. */
  private List<String> mimeTypes;

  /** The smallest Content-Length compressed; unset: server.compression's, else 2KB. */
  private DataSize minResponseSize;

  /** User-Agent values never sent gzip (exact match); unset: server.compression's, else none. */
  private List<String> excludedUserAgents;

  /** The deflate level, 1 (fastest) to 9 (smallest). */
  private int level = 6;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public List<String> getMimeTypes() {
    return mimeTypes;
  }

  public void setMimeTypes(List<String> mimeTypes) {
    this.mimeTypes = mimeTypes;
  }

  public DataSize getMinResponseSize() {
    return minResponseSize;
  }

  public void setMinResponseSize(DataSize minResponseSize) {
    this.minResponseSize = minResponseSize;
  }

  public List<String> getExcludedUserAgents() {
    return excludedUserAgents;
  }

  public void setExcludedUserAgents(List<String> excludedUserAgents) {
    this.excludedUserAgents = excludedUserAgents;
  }

  public int getLevel() {
    return level;
  }

  public void setLevel(int level) {
    this.level = level;
  }
}
