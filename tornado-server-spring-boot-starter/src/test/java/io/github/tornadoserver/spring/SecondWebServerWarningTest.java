package io.github.tornadoserver.spring;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.TornadoContexts;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;

/** A WARN when one of Boot's own web servers starts beside the routed server. */
class SecondWebServerWarningTest {
  private static final String LOGGER = SecondWebServerWarning.class.getName();

  private final ApplicationContextRunner runner =
      TornadoContexts.runner()
          .withConfiguration(AutoConfigurations.of(TornadoStartupWarningsAutoConfiguration.class))
          .withClassLoader(new FilteredClassLoader("org.springframework.security"));

  @Test
  void anotherWebServerStartingBesideTheRoutedOneIsWarnedAbout() {
    LogCapture.expect(LOGGER, Level.WARN, "A second web server");
    runner.run(
        context -> {
          context.publishEvent(new Started(new OtherServer()));
          assertThat(warnings())
              .singleElement()
              .asString()
              .startsWith("A second web server (OtherServer on port 8080) started beside the")
              .contains("OtherServer serves server.port")
              .contains("tornado.http.enabled=false");
        });
  }

  @Test
  void nothingIsSaidWithoutARoutedServer() {
    runner
        .withPropertyValues("tornado.http.enabled=false")
        .run(
            context -> {
              context.publishEvent(new Started(new OtherServer()));
              assertThat(warnings()).isEmpty();
            });
  }

  private static List<String> warnings() {
    return LogCapture.messages(LOGGER, Level.WARN);
  }

  /** Stands for Tomcat, Jetty or Reactor Netty. */
  static final class OtherServer implements WebServer {
    @Override
    public void start() {}

    @Override
    public void stop() {}

    @Override
    public int getPort() {
      return 8080;
    }
  }

  static final class Started extends WebServerInitializedEvent {
    private static final long serialVersionUID = 1L;

    Started(WebServer server) {
      super(server);
    }

    @Override
    public WebServerApplicationContext getApplicationContext() {
      return null;
    }
  }
}
