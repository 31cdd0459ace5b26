package io.github.tornadoserver.spring.actuate;

import io.github.tornadoserver.httpserver.HTTPServer;
import io.github.tornadoserver.spring.TornadoProperties;
import io.github.tornadoserver.spring.http.RequestRouter;
import io.github.tornadoserver.spring.http.RouteDefinition;
import java.util.List;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.env.Environment;

/**
 * The actuator's own HTTP server, for a {@code management.server.port} other than the
 * application's: a router of the endpoint routes alone, with the core's default server options. Its
 * {@link io.github.tornadoserver.spring.TornadoServerLifecycle} binds it on the application's loops
 * and stops it with the other servers; closing this bean afterwards shuts down the executors its
 * router made.
 */
final class ManagementServer implements AutoCloseable {
  static final String NAME = "management";

  private final RequestRouter router;
  private final HTTPServer server;

  ManagementServer(
      List<RouteDefinition> routes, ListableBeanFactory beans, TornadoProperties properties) {
    this.router = RequestRouter.of(routes, beans, properties);
    this.server = HTTPServer.builder(router).build();
  }

  HTTPServer server() {
    return server;
  }

  @Override
  public void close() {
    router.close();
  }

  /**
   * Where the management server listens: {@code management.server.port} and {@code .address}, which
   * defaults to {@code tornado.http.address}.
   */
  static final class Listener extends TornadoProperties.Listener {
    private final int port;

    /**
     * @throws IllegalStateException when {@code management.server.ssl.enabled} is true: TLS on the
     *     management server is not supported, and serving it in clear text would be a surprise
     */
    Listener(Environment environment) {
      if (environment.getProperty("management.server.ssl.enabled", Boolean.class, false)) {
        throw new IllegalStateException(
            "management.server.ssl.enabled: true (expected: false; the tornado management server"
                + " has no TLS, use tornado.http.ssl with the endpoints on the application's port)");
      }
      this.port = environment.getRequiredProperty(ManagementPort.PROPERTY, Integer.class);
      // Like Spring Boot's management server, it listens where the application's does unless told.
      setAddress(
          environment.getProperty(
              "management.server.address", environment.getProperty("tornado.http.address")));
    }

    @Override
    public int getPort() {
      return port;
    }
  }
}
