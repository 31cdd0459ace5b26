package io.github.tornadoserver.spring;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.env.PropertySource;

/**
 * Boot's {@code server.*} properties as the fallback of the {@code tornado.*} ones: a property
 * source of the lowest precedence that answers a {@code tornado.*} name with the value of its
 * {@code server.*} twin. Any {@code tornado.*} value set anywhere wins; a {@code server.*} value
 * fills in only what is not set; with neither set the {@code tornado.*} default applies.
 *
 * <p>Where to listen ({@code server.port}, {@code server.address}, {@code server.ssl.*}) falls back
 * only when the routed server is the application's web server, that is in an application that is
 * neither a servlet nor a reactive web application: there {@code server.*} belongs to that other
 * web server. The protocol options fall back in every application.
 *
 * <p>Every twin is one line of {@link #listeningTwins()} or {@link #protocolTwins()}; a value that
 * needs translating, not just renaming, names a method of this class that translates it (as {@link
 * #clientAuth} does). The twins are looked up when asked for, so a {@code server.*} value added
 * later (by a test's properties, say) is seen.
 */
final class BootServerFallback extends PropertySource<Map<String, BootServerFallback.Twin>> {
  /** The name of the property source. */
  static final String NAME = "tornadoBootServerFallback";

  /**
   * Where the twins are read. Not the source of this property source: Boot's configuration
   * properties would then walk into the environment's own sources, this one among them, forever.
   */
  private final PropertyResolver environment;

  private BootServerFallback(PropertyResolver environment, Map<String, Twin> twins) {
    super(NAME, Map.copyOf(twins));
    this.environment = environment;
  }

  /** The {@code tornado.*} names whose value comes from Boot's web-server {@code server.*} twin. */
  static Map<String, Twin> listeningTwins() {
    Map<String, Twin> twins = new LinkedHashMap<>();
    twins.put("tornado.http.port", Twin.of("server.port"));
    twins.put("tornado.http.address", Twin.of("server.address"));
    twins.put("tornado.http.ssl.enabled", Twin.of("server.ssl.enabled"));
    twins.put("tornado.http.ssl.bundle", Twin.of("server.ssl.bundle"));
    twins.put("tornado.http.ssl.client-auth", new Twin("server.ssl.client-auth", clientAuth()));
    return twins;
  }

  /** The {@code tornado.*} names that fall back in every application. */
  static Map<String, Twin> protocolTwins() {
    Map<String, Twin> twins = new LinkedHashMap<>();
    twins.put("tornado.http.max-header-size", Twin.of("server.max-http-request-header-size"));
    twins.put("tornado.shutdown", Twin.of("server.shutdown"));
    return twins;
  }

  /** Boot's {@code none}, {@code want} and {@code need} as the core's client-auth names. */
  static UnaryOperator<Object> clientAuth() {
    return value ->
        switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
          case "want" -> "optional";
          case "need" -> "required";
          default -> value;
        };
  }

  /**
   * Adds the fallback to {@code environment}, last, for an application of {@code type}; replaces
   * one added before.
   */
  static void addTo(ConfigurableEnvironment environment, WebApplicationType type) {
    Map<String, Twin> twins = new LinkedHashMap<>(protocolTwins());
    if (type == WebApplicationType.NONE) {
      twins.putAll(listeningTwins());
    }
    environment.getPropertySources().remove(NAME);
    environment.getPropertySources().addLast(new BootServerFallback(environment, twins));
  }

  /** The {@code server.*} name {@code name} falls back to, or null. */
  String twinOf(String name) {
    Twin twin = source.get(name);
    return twin == null ? null : twin.name();
  }

  @Override
  public Object getProperty(String name) {
    Twin twin = source.get(name);
    if (twin == null) {
      return null;
    }
    Object value = environment.getProperty(twin.name());
    return value == null ? null : twin.translate().apply(value);
  }

  /** A {@code server.*} name and how its value reads as the {@code tornado.*} one. */
  record Twin(String name, UnaryOperator<Object> translate) {
    static Twin of(String name) {
      return new Twin(name, UnaryOperator.identity());
    }
  }

  /** Adds the fallback to every application's environment, after the configuration is read. */
  static final class Installer implements EnvironmentPostProcessor, Ordered {
    @Override
    public void postProcessEnvironment(
        ConfigurableEnvironment environment, SpringApplication application) {
      addTo(environment, application.getWebApplicationType());
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE;
    }
  }
}
