package io.github.tornadoserver.spring.webflux;

import java.net.SocketAddress;
import java.util.List;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/** Where the application's WebFlux server listens, for the {@code tornado} health check. */
final class WebFluxHealth {
  private WebFluxHealth() {}

  /** The addresses of the running tornado-server WebFlux server; empty when there is none. */
  static List<SocketAddress> addresses(ApplicationContext context) {
    if (context instanceof WebServerApplicationContext web
        && web.getWebServer() instanceof TornadoWebServer server
        && server.getPort() >= 0) {
      return server.httpServer().localAddresses();
    }
    return List.of();
  }
}
