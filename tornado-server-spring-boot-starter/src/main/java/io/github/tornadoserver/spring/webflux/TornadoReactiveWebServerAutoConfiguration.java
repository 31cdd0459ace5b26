package io.github.tornadoserver.spring.webflux;

import io.github.tornadoserver.httpserver.HTTPServer;
import io.github.tornadoserver.spring.ForwardHeaders;
import io.github.tornadoserver.spring.HTTPServerCustomizer;
import io.github.tornadoserver.spring.IOLoopGroup;
import io.github.tornadoserver.spring.TornadoAutoConfiguration;
import io.github.tornadoserver.spring.TornadoProperties;
import io.github.tornadoserver.spring.health.TornadoHealthIndicator;
import java.time.Duration;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.autoconfigure.reactive.ReactiveWebServerConfiguration;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;

/**
 * Auto-configuration of tornado-server as the reactive web server of a Spring WebFlux application:
 * a {@link TornadoReactiveWebServerFactory} on the application's {@link IOLoopGroup}, configured by
 * Boot's {@code server.*} (through Boot's own customizer) and the {@code tornado.http.*} values
 * without a {@code server.*} twin.
 *
 * <p>{@code @Route} handler beans are not served by the WebFlux server: unless {@code
 * tornado.http.enabled=true} starts the routed server as well, a warning at start-up names them.
 *
 * <p>Ordered before Boot's Reactor Netty, Jetty and Tomcat configurations: with this starter on the
 * class path tornado-server serves, even when Reactor Netty stays for {@code WebClient}. It backs
 * off when the application defines its own {@link ReactiveWebServerFactory}, or with {@code
 * tornado.webflux.enabled=false}.
 */
@AutoConfiguration(
    after = TornadoAutoConfiguration.class,
    beforeName = {
      "org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration",
      "org.springframework.boot.jetty.autoconfigure.reactive.JettyReactiveWebServerAutoConfiguration",
      "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration"
    },
    afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnClass({HttpHandler.class, ReactiveWebServerFactory.class, Flux.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnBooleanProperty(name = "tornado.webflux.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TornadoProperties.class)
@Import(ReactiveWebServerConfiguration.class)
public final class TornadoReactiveWebServerAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(ReactiveWebServerFactory.class)
  TornadoReactiveWebServerFactory tornadoReactiveWebServerFactory(
      IOLoopGroup loops,
      TornadoProperties properties,
      ObjectProvider<HTTPServerCustomizer> customizers,
      Environment environment) {
    TornadoReactiveWebServerFactory factory = new TornadoReactiveWebServerFactory(loops);
    factory.setOptions(properties.getHttp());
    factory.setMaxHeaderSize(maxHeaderSize(environment));
    factory.setUseForwardHeaders(ForwardHeaders.honoured(properties.getHttp(), environment));
    factory.setDrainTimeout(
        Binder.get(environment)
            .bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
            .orElse(TornadoReactiveWebServerFactory.DEFAULT_DRAIN_TIMEOUT));
    factory.getCustomizers().addAll(customizers.orderedStream().toList());
    return factory;
  }

  /** The start-up warning about {@code @Route} beans, when the routed server does not start. */
  @Bean
  @ConditionalOnMissingBean(HTTPServer.class)
  static UnservedRoutesWarning tornadoUnservedRoutesWarning(ListableBeanFactory beans) {
    return new UnservedRoutesWarning(beans);
  }

  /**
   * The start-up warning about WebSocket handlers, which this server cannot upgrade to. Nested: it
   * names Spring WebFlux's own types, which a reactive application without WebFlux lacks.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.web.reactive.socket.WebSocketHandler")
  static class WebSocketsConfiguration {
    @Bean
    static UnservedWebSocketsWarning tornadoUnservedWebSocketsWarning(ListableBeanFactory beans) {
      return new UnservedWebSocketsWarning(beans);
    }
  }

  /**
   * The {@code tornado} health check watches the WebFlux server too (as {@code webflux}): DOWN once
   * a server that was listening listens no more. Nested: it names a type of Boot's health module,
   * which is optional.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class HealthConfiguration {
    @Bean
    static SmartInitializingSingleton tornadoWebFluxHealthWatch(
        ObjectProvider<TornadoHealthIndicator> indicators, ApplicationContext context) {
      return () ->
          indicators.ifAvailable(
              indicator -> indicator.watch("webflux", () -> WebFluxHealth.addresses(context)));
    }
  }

  /**
   * {@code server.max-http-request-header-size} when set and {@code tornado.http.max-header-size}
   * is not (a {@code tornado.*} value wins); else null, for the tornado value.
   */
  static DataSize maxHeaderSize(Environment environment) {
    Binder binder = Binder.get(environment);
    if (binder.bind("tornado.http.max-header-size", DataSize.class).isBound()) {
      return null;
    }
    return binder.bind("server.max-http-request-header-size", DataSize.class).orElse(null);
  }
}
