package io.github.tornadoserver.spring.test;

import io.github.tornadoserver.spring.TornadoServerLifecycle;
import java.util.Optional;
import org.springframework.boot.test.http.server.LocalTestWebServer;
import org.springframework.boot.test.http.server.LocalTestWebServer.BaseUriDetails;
import org.springframework.boot.test.http.server.LocalTestWebServer.Scheme;
import org.springframework.context.ApplicationContext;

/**
 * Tells Spring Boot's test support ({@code TestRestTemplate}, {@code RestTestClient}, {@code
 * WebTestClient}) where the routed HTTP server listens, when it is the application's web server.
 * Registered in {@code spring.factories}; Boot creates one per lookup, with the context. Answers
 * nothing in an application that runs one of Boot's web servers: Boot's own providers answer there.
 *
 * <p>The answer is known before the server starts (the test clients are beans); the port is read
 * from {@code local.server.port} only when a client first builds a URI, once the server listens.
 */
final class TornadoLocalTestWebServerProvider implements LocalTestWebServer.Provider {
  private final ApplicationContext context;

  TornadoLocalTestWebServerProvider(ApplicationContext context) {
    this.context = context;
  }

  @Override
  public LocalTestWebServer getLocalTestWebServer() {
    return applicationWebServer().map(this::localTestWebServer).orElse(null);
  }

  private Optional<TornadoServerLifecycle> applicationWebServer() {
    return context
        .getBeanProvider(TornadoServerLifecycle.class)
        .orderedStream()
        .filter(TornadoServerLifecycle::isApplicationWebServer)
        .findFirst();
  }

  private LocalTestWebServer localTestWebServer(TornadoServerLifecycle server) {
    Scheme scheme = server.isTls() ? Scheme.HTTPS : Scheme.HTTP;
    return LocalTestWebServer.of(scheme, () -> new BaseUriDetails(port(), ""));
  }

  private int port() {
    Integer port = context.getEnvironment().getProperty("local.server.port", Integer.class);
    if (port == null) {
      throw new IllegalStateException(
          "local.server.port is not set: the tornado HTTP server has not started yet");
    }
    return port;
  }
}
