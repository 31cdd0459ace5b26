package io.github.tornadoserver.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.httpserver.HTTPServer;
import io.github.tornadoserver.spring.IOLoopGroup;
import io.github.tornadoserver.spring.TornadoAutoConfiguration;
import io.github.tornadoserver.spring.http.RequestHandler;
import io.github.tornadoserver.spring.http.Route;
import io.github.tornadoserver.spring.http.TornadoRoutingAutoConfiguration;
import io.github.tornadoserver.testing.LogCapture;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;

class TornadoReactiveWebServerAutoConfigurationTest {
  private final ReactiveWebApplicationContextRunner reactive =
      new ReactiveWebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  TornadoAutoConfiguration.class,
                  TornadoRoutingAutoConfiguration.class,
                  TornadoReactiveWebServerAutoConfiguration.class))
          .withPropertyValues("tornado.http.port=0", "tornado.http.address=127.0.0.1");

  @Test
  void aReactiveWebApplicationGetsTheTornadoFactoryAndNoSecondServer() {
    reactive.run(
        context -> {
          assertThat(context).hasSingleBean(TornadoReactiveWebServerFactory.class);
          assertThat(context).hasSingleBean(IOLoopGroup.class);
          assertThat(context).doesNotHaveBean(HTTPServer.class);
        });
  }

  @Test
  void theRoutedServerStartsAsWellWhenAskedForExplicitly() {
    reactive
        .withPropertyValues("tornado.http.enabled=true")
        .run(
            context -> {
              assertThat(context).hasSingleBean(TornadoReactiveWebServerFactory.class);
              assertThat(context).hasSingleBean(HTTPServer.class);
            });
  }

  @Test
  void itBacksOffWhenTheApplicationHasItsOwnFactory() {
    reactive
        .withUserConfiguration(OwnFactory.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(ReactiveWebServerFactory.class);
              assertThat(context).doesNotHaveBean(TornadoReactiveWebServerFactory.class);
            });
  }

  @Test
  void itCanBeSwitchedOff() {
    reactive
        .withPropertyValues("tornado.webflux.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(ReactiveWebServerFactory.class));
  }

  @Test
  void anApplicationThatIsNotReactiveKeepsTheRoutedServerOnly() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                TornadoAutoConfiguration.class,
                TornadoRoutingAutoConfiguration.class,
                TornadoReactiveWebServerAutoConfiguration.class))
        .withPropertyValues("tornado.http.port=0", "tornado.http.address=127.0.0.1")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(ReactiveWebServerFactory.class);
              assertThat(context).hasSingleBean(HTTPServer.class);
            });
  }

  @Test
  void bootsHeaderSizeAppliesUnlessTheTornadoOneIsSet() {
    MockEnvironment boot =
        new MockEnvironment().withProperty("server.max-http-request-header-size", "16KB");
    assertThat(TornadoReactiveWebServerAutoConfiguration.maxHeaderSize(boot))
        .isEqualTo(DataSize.ofKilobytes(16));
    boot.setProperty("tornado.http.max-header-size", "32KB");
    assertThat(TornadoReactiveWebServerAutoConfiguration.maxHeaderSize(boot)).isNull();
    assertThat(TornadoReactiveWebServerAutoConfiguration.maxHeaderSize(new MockEnvironment()))
        .isNull();
  }

  @Test
  void bootsForwardHeadersStrategyReachesTheFactoryUnlessATornadoValueIsSet() {
    reactive
        .withPropertyValues("server.forward-headers-strategy=native")
        .run(context -> assertThat(useForwardHeaders(context)).isEqualTo(true));
    reactive
        .withPropertyValues("server.forward-headers-strategy=framework")
        .run(context -> assertThat(useForwardHeaders(context)).isEqualTo(false));
    reactive
        .withPropertyValues(
            "server.forward-headers-strategy=native", "tornado.http.forwarded.strategy=none")
        .run(context -> assertThat(useForwardHeaders(context)).isEqualTo(false));
    reactive.run(context -> assertThat(useForwardHeaders(context)).isEqualTo(false));
  }

  private static Object useForwardHeaders(org.springframework.context.ApplicationContext context) {
    return org.springframework.test.util.ReflectionTestUtils.getField(
        context.getBean(TornadoReactiveWebServerFactory.class), "useForwardHeaders");
  }

  @Test
  void tornadoHttpOptionsWithoutABootTwinReachTheFactory() {
    reactive
        .withPropertyValues(
            "tornado.http.xheaders=true", "spring.lifecycle.timeout-per-shutdown-phase=7s")
        .run(
            context ->
                assertThat(context.getBean(TornadoReactiveWebServerFactory.class))
                    .extracting("options.xheaders", "drainTimeout")
                    .containsExactly(true, java.time.Duration.ofSeconds(7)));
  }

  @Test
  void routeBeansThatAreNotServedAreNamedInAWarning() {
    LogCapture.expect(UnservedRoutesWarning.class.getName(), Level.WARN, "[hello] are not served");
    reactive
        .withUserConfiguration(RouteBean.class)
        .run(context -> assertThat(context).hasSingleBean(UnservedRoutesWarning.class));
  }

  @Test
  void routeBeansServedByTheRoutedServerGetNoWarning() {
    reactive
        .withUserConfiguration(RouteBean.class)
        .withPropertyValues("tornado.http.enabled=true")
        .run(context -> assertThat(context).doesNotHaveBean(UnservedRoutesWarning.class));
  }

  @Test
  void webSocketHandlersAreNamedInAWarningSinceThisServerCannotUpgrade() {
    LogCapture.expect(
        UnservedWebSocketsWarning.class.getName(),
        Level.WARN,
        "WebSocket handlers [bean chat, path /ws] are not served");
    reactive
        .withUserConfiguration(WebSockets.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(LogCapture.messages(UnservedWebSocketsWarning.class.getName(), Level.WARN))
                  .hasSize(1);
            });
  }

  @Test
  void webSocketHandlersGetNoWarningWhenAnotherServerServes() {
    reactive
        .withUserConfiguration(WebSockets.class, OwnFactory.class)
        .run(
            context ->
                assertThat(
                        LogCapture.messages(UnservedWebSocketsWarning.class.getName(), Level.WARN))
                    .isEmpty());
  }

  @Configuration(proxyBeanMethods = false)
  static class WebSockets {
    @Bean
    WebSocketHandler chat() {
      return session -> session.send(session.receive().map(m -> session.textMessage("ok")));
    }

    @Bean
    SimpleUrlHandlerMapping webSocketMapping(WebSocketHandler chat) {
      return new SimpleUrlHandlerMapping(Map.of("/ws", chat), -1);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class RouteBean {
    @Bean
    @Route("/hello")
    RequestHandler hello() {
      return exchange -> exchange.respond(200, "text/plain", "hello");
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnFactory {
    @Bean
    ReactiveWebServerFactory ownFactory() {
      return handler -> {
        throw new UnsupportedOperationException("not started in this test");
      };
    }
  }
}
