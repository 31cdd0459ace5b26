package io.github.tornadoserver.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.spring.http.RouteContributor;
import io.github.tornadoserver.spring.http.RouteDefinition;
import io.github.tornadoserver.testing.LogCapture;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpointDiscoverer;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class TornadoWebEndpointAutoConfigurationTest {
  private static final String REFRESH_LOGGER =
      "org.springframework.context.annotation.AnnotationConfigApplicationContext";
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(ActuatorApps.App.class)
          .withPropertyValues("tornado.http.port=0", "tornado.http.address=127.0.0.1");

  @BeforeEach
  void expectTheSecurityWarningOfEveryApp() {
    ActuatorApps.expectSecurityWarning();
  }

  @Test
  void discoversTheWebEndpointsAndDefinesTheHealthWebExtension() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(WebEndpointDiscoverer.class);
          assertThat(context).hasSingleBean(HealthEndpointWebExtension.class);
          assertThat(context).hasSingleBean(RouteContributor.class);
          assertThat(context.getBean(WebEndpointsSupplier.class).getEndpoints())
              .extracting(e -> e.getEndpointId().toString())
              .containsExactly("health");
        });
  }

  @Test
  void backsOffWhenTheHttpServerIsDisabled() {
    runner
        .withPropertyValues("tornado.http.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(WebEndpointDiscoverer.class);
              assertThat(context).doesNotHaveBean(RouteContributor.class);
            });
  }

  @Test
  void backsOffWithoutTheActuator() {
    runner
        .withClassLoader(new FilteredClassLoader(WebEndpointDiscoverer.class))
        .run(
            context -> assertThat(context).doesNotHaveBean(TornadoActuatorAutoConfiguration.class));
  }

  @Test
  void theApplicationsEndpointsSupplierWins() {
    WebEndpointsSupplier none = List::of;
    runner
        .withBean(WebEndpointsSupplier.class, () -> none)
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(WebEndpointDiscoverer.class);
              assertThat(context.getBean(RouteContributor.class).routes())
                  .extracting(RouteDefinition::source)
                  .containsExactly("actuator links");
            });
  }

  @Test
  void aNegativeManagementPortServesTheEndpointsNowhere() {
    runner
        .withPropertyValues("management.server.port=-1")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(RouteContributor.class);
              assertThat(context).doesNotHaveBean(ManagementServer.class);
            });
  }

  @Test
  void managementTlsIsRefusedRatherThanServedInClearText() {
    LogCapture.expect(REFRESH_LOGGER, Level.WARN, "management.server.ssl.enabled: true");
    runner
        .withPropertyValues("management.server.port=0", "management.server.ssl.enabled=true")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("management.server.ssl.enabled: true"));
  }
}
