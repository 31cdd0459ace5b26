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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

/** One WARN line for each thing an application served by the routed server alone cannot use. */
class StartupWarningsTest {
  private static final String LOGGER = StartupWarnings.class.getName();

  /** The starter's tests have Spring Security on the class path: a plain application does not. */
  private final ApplicationContextRunner plain =
      TornadoContexts.runner()
          .withConfiguration(AutoConfigurations.of(TornadoStartupWarningsAutoConfiguration.class))
          .withClassLoader(new FilteredClassLoader("org.springframework.security"));

  @Test
  void aPlainApplicationLogsNoWarning() {
    plain.run(
        context -> {
          assertThat(context).hasSingleBean(StartupWarnings.class);
          assertThat(warnings()).isEmpty();
        });
  }

  @Test
  void springSecurityOnTheClassPathIsWarnedAbout() {
    LogCapture.expect(LOGGER, Level.WARN, "Spring Security");
    plain
        .withClassLoader(getClass().getClassLoader())
        .run(
            context ->
                assertThat(warnings())
                    .singleElement()
                    .asString()
                    .startsWith("Spring Security is on the class path, but its web filters")
                    .contains("neither authenticated nor authorized")
                    .contains("Spring WebFlux on tornado-server"));
  }

  @Test
  void controllersAreWarnedAboutByName() {
    LogCapture.expect(LOGGER, Level.WARN, "@Controller");
    plain
        .withUserConfiguration(Controllers.class)
        .run(
            context ->
                assertThat(warnings())
                    .singleElement()
                    .asString()
                    .startsWith("Beans [")
                    .contains("page", "api")
                    .contains("nothing serves them. Write them as @Route handlers"));
  }

  @Test
  void actuatorCorsSettingsAreWarnedAbout() {
    LogCapture.expect(LOGGER, Level.WARN, "cors");
    plain
        .withPropertyValues("management.endpoints.web.cors.allowed-origins=https://example.com")
        .run(
            context ->
                assertThat(warnings())
                    .singleElement()
                    .asString()
                    .startsWith("management.endpoints.web.cors.* is set, but the tornado HTTP")
                    .contains("send no CORS headers"));
  }

  @Test
  void nothingIsSaidWhenTheRoutedServerDoesNotStart() {
    plain
        .withUserConfiguration(Controllers.class)
        .withPropertyValues("tornado.http.enabled=false")
        .run(context -> assertThat(warnings()).isEmpty());
  }

  private static List<String> warnings() {
    return LogCapture.messages(LOGGER, Level.WARN);
  }

  @Configuration(proxyBeanMethods = false)
  static class Controllers {
    @Bean
    Page page() {
      return new Page();
    }

    @Bean
    Api api() {
      return new Api();
    }
  }

  @Controller
  static class Page {}

  @RestController
  static class Api {}
}
