package io.github.tornadoserver.spring.actuate;

import io.github.tornadoserver.spring.TornadoServerEvent;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Publishes {@code local.management.port}, as Spring Boot does for its management server: the port
 * of the tornado server that serves the endpoints, once it started.
 */
final class LocalManagementPort implements ApplicationListener<TornadoServerEvent.Started> {
  static final String PROPERTY = "local.management.port";
  private static final String SOURCE = "tornado.management.port";

  private final String server;
  private final ConfigurableEnvironment environment;

  /**
   * @param server the name of the server that serves the endpoints: {@code http} or {@code
   *     management}
   */
  LocalManagementPort(String server, ConfigurableEnvironment environment) {
    this.server = server;
    this.environment = environment;
  }

  @Override
  public void onApplicationEvent(TornadoServerEvent.Started event) {
    if (event.server().equals(server)) {
      Map<String, Object> values = new HashMap<>();
      values.put(PROPERTY, event.port());
      environment.getPropertySources().remove(SOURCE);
      environment.getPropertySources().addFirst(new MapPropertySource(SOURCE, values));
    }
  }
}
