package io.github.tornadoserver.testing;

import io.github.tornadoserver.spring.TornadoAutoConfiguration;
import io.github.tornadoserver.spring.http.TornadoObservationAutoConfiguration;
import io.github.tornadoserver.spring.http.TornadoRoutingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/** Context runners with the starter's auto-configurations, on free loopback ports. */
public final class TornadoContexts {
  private TornadoContexts() {}

  /** The starter's auto-configurations; both servers on 127.0.0.1, port 0. */
  public static ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                TornadoAutoConfiguration.class,
                TornadoRoutingAutoConfiguration.class,
                TornadoObservationAutoConfiguration.class))
        .withPropertyValues(
            "tornado.http.port=0",
            "tornado.http.address=127.0.0.1",
            "tornado.tcp.port=0",
            "tornado.tcp.address=127.0.0.1");
  }

  /** The port the HTTP server of {@code context} listens on. */
  public static int httpPort(ApplicationContext context) {
    return port(context, "http");
  }

  /** The port the TCP server of {@code context} listens on. */
  public static int tcpPort(ApplicationContext context) {
    return port(context, "tcp");
  }

  private static int port(ApplicationContext context, String server) {
    Integer port =
        context.getEnvironment().getProperty("local.tornado." + server + ".port", Integer.class);
    if (port == null) {
      throw new AssertionError("no local.tornado." + server + ".port: the server did not start");
    }
    return port;
  }
}
