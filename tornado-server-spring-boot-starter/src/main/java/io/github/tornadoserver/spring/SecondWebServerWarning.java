package io.github.tornadoserver.spring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Says at start-up, in one WARN line, that one of Spring Boot's own web servers (Tomcat, Jetty,
 * Reactor Netty...) started beside the routed HTTP server: usually a web starter brought it in by
 * accident, and the application now listens twice. Tornado-server's own WebFlux server beside the
 * routed one ({@code tornado.http.enabled=true}) is a choice, and is not warned about.
 */
final class SecondWebServerWarning implements ApplicationListener<WebServerInitializedEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(SecondWebServerWarning.class);

  /** Tornado-server's WebFlux server, by name: WebFlux may be absent from the class path. */
  private static final String WEBFLUX_SERVER =
      "io.github.tornadoserver.spring.webflux.TornadoWebServer";

  private final ObjectProvider<TornadoServerLifecycle> servers;

  SecondWebServerWarning(ObjectProvider<TornadoServerLifecycle> servers) {
    this.servers = servers;
  }

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    WebServer other = event.getWebServer();
    if (other.getClass().getName().equals(WEBFLUX_SERVER) || !hasRoutedServer()) {
      return;
    }
    String name = other.getClass().getSimpleName();
    LOG.warn(
        "A second web server ({} on port {}) started beside the tornado HTTP server: the"
            + " application listens twice, and {} serves server.port. Exclude its starter (for"
            + " example spring-boot-starter-tomcat or -reactor-netty) to serve WebFlux on"
            + " tornado-server, or set tornado.http.enabled=false.",
        name,
        other.getPort(),
        name);
  }

  private boolean hasRoutedServer() {
    return servers.orderedStream().anyMatch(server -> "http".equals(server.server()));
  }
}
