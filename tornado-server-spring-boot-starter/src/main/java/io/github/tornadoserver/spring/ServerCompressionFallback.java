package io.github.tornadoserver.spring;

import io.github.tornadoserver.httpserver.Compression;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * The compression the server applies: each {@code tornado.http.compression.*} value that is set,
 * else its {@code server.compression.*} twin, else Boot's default ({@link Compression#defaults()}
 * apart from being off). Boot's values come from the {@link Environment} for the routed server and
 * from Boot's own factory settings for the WebFlux server; either way as a {@link BootCompression}.
 */
public final class ServerCompressionFallback {
  private ServerCompressionFallback() {}

  /**
   * Boot's {@code server.compression.*} values; each null when not set.
   *
   * @param enabled {@code server.compression.enabled}
   * @param mimeTypes {@code server.compression.mime-types}
   * @param minResponseSize {@code server.compression.min-response-size}
   * @param excludedUserAgents {@code server.compression.excluded-user-agents}
   */
  public record BootCompression(
      Boolean enabled,
      List<String> mimeTypes,
      DataSize minResponseSize,
      List<String> excludedUserAgents) {

    /** None set. */
    public static final BootCompression NONE = new BootCompression(null, null, null, null);

    /** The values as the environment sets them. */
    public static BootCompression from(Environment environment) {
      Binder binder = Binder.get(environment);
      Bindable<List<String>> list = Bindable.listOf(String.class);
      return new BootCompression(
          binder.bind("server.compression.enabled", Boolean.class).orElse(null),
          binder.bind("server.compression.mime-types", list).orElse(null),
          binder.bind("server.compression.min-response-size", DataSize.class).orElse(null),
          binder.bind("server.compression.excluded-user-agents", list).orElse(null));
    }
  }

  /**
   * The core option: {@code tornado} values first, then {@code boot}'s, then the defaults.
   *
   * @throws IllegalArgumentException naming the property whose value is out of range
   */
  public static Compression resolve(CompressionProperties tornado, BootCompression boot) {
    Compression compression = Compression.off();
    boolean enabled = first(tornado.getEnabled(), boot.enabled(), false);
    List<String> types = first(tornado.getMimeTypes(), boot.mimeTypes(), null);
    DataSize min = first(tornado.getMinResponseSize(), boot.minResponseSize(), null);
    List<String> agents = first(tornado.getExcludedUserAgents(), boot.excludedUserAgents(), null);
    compression = compression.withEnabled(enabled);
    if (types != null) {
      compression = compression.withMimeTypes(new LinkedHashSet<>(types));
    }
    if (agents != null) {
      compression = compression.withExcludedUserAgents(new LinkedHashSet<>(agents));
    }
    try {
      if (min != null) {
        compression = compression.withMinResponseSize(min.toBytes());
      }
      return compression.withLevel(tornado.getLevel());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tornado.http.compression." + e.getMessage(), e);
    }
  }

  private static <T> T first(T tornado, T boot, T otherwise) {
    return tornado != null ? tornado : boot != null ? boot : otherwise;
  }
}
