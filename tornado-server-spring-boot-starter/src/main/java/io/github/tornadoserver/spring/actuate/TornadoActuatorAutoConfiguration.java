package io.github.tornadoserver.spring.actuate;

import io.github.tornadoserver.spring.IOLoopGroup;
import io.github.tornadoserver.spring.TornadoAutoConfiguration;
import io.github.tornadoserver.spring.TornadoProperties;
import io.github.tornadoserver.spring.TornadoServerLifecycle;
import io.github.tornadoserver.spring.http.RouteContributor;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.endpoint.jackson.EndpointJsonMapper;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpointDiscoverer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves the exposed actuator web endpoints with tornado-server, in an application without a
 * servlet or reactive web server: as routes of the application's HTTP server, under {@code
 * management.endpoints.web.base-path} ({@code /actuator}); or, when {@code management.server.port}
 * is another port, on a second HTTP server of their own on the same loops, under {@code
 * management.server.base-path} and the base path, its port published as {@code
 * local.management.port}. A negative {@code management.server.port} serves them nowhere.
 *
 * <p>Operations run off the loops: their routes are blocking ones (see {@code
 * tornado.http.handler-execution}).
 */
@AutoConfiguration(
    after = {TornadoWebEndpointAutoConfiguration.class, TornadoAutoConfiguration.class},
    afterName = {
      "org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration",
      "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration"
    })
@ConditionalOnClass({WebEndpointDiscoverer.class, WebEndpointProperties.class, JsonMapper.class})
@ConditionalOnNotWebApplication
@ConditionalOnBooleanProperty(name = "tornado.http.enabled", matchIfMissing = true)
@ConditionalOnBean(WebEndpointsSupplier.class)
@EnableConfigurationProperties({WebEndpointProperties.class, TornadoProperties.class})
public final class TornadoActuatorAutoConfiguration {

  @Bean
  EndpointRoutes tornadoEndpointRoutes(
      WebEndpointsSupplier endpoints,
      EndpointMediaTypes mediaTypes,
      ObjectProvider<JsonMapper> jsonMapper,
      ObjectProvider<EndpointJsonMapper> endpointJsonMapper) {
    JsonMapper fallback = JsonMapper.builder().build();
    EndpointResponses responses =
        new EndpointResponses(
            () -> jsonMapper.getIfAvailable(() -> fallback),
            () -> endpointJsonMapper.getIfAvailable(() -> () -> fallback).get());
    return new EndpointRoutes(endpoints.getEndpoints(), mediaTypes, responses);
  }

  /** The endpoints as routes of the application's HTTP server. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(ManagementPort.OnSame.class)
  static class SamePortConfiguration {

    @Bean
    RouteContributor tornadoActuatorRoutes(
        EndpointRoutes routes, WebEndpointProperties properties) {
      String basePath = properties.getBasePath();
      boolean links = properties.getDiscovery().isEnabled() && StringUtils.hasText(basePath);
      return () -> routes.routes(basePath, links, WebServerNamespace.SERVER);
    }

    @Bean
    LocalManagementPort tornadoLocalManagementPort(ConfigurableApplicationContext context) {
      return new LocalManagementPort("http", context.getEnvironment());
    }
  }

  /** The endpoints on a server of their own. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(ManagementPort.OnDifferent.class)
  static class SeparatePortConfiguration {

    @Bean
    ManagementServer tornadoManagementServer(
        EndpointRoutes routes,
        WebEndpointProperties properties,
        Environment environment,
        ListableBeanFactory beans,
        TornadoProperties tornado) {
      String serverBase = environment.getProperty("management.server.base-path", "");
      String basePath = clean(serverBase) + properties.getBasePath();
      boolean links = properties.getDiscovery().isEnabled();
      return new ManagementServer(
          routes.routes(basePath, links, WebServerNamespace.MANAGEMENT), beans, tornado);
    }

    @Bean
    TornadoServerLifecycle tornadoManagementServerLifecycle(
        ManagementServer server, IOLoopGroup loops, ConfigurableApplicationContext context) {
      return TornadoServerLifecycle.http(
          ManagementServer.NAME,
          server.server(),
          new ManagementServer.Listener(context.getEnvironment()),
          loops,
          context);
    }

    @Bean
    LocalManagementPort tornadoLocalManagementPort(ConfigurableApplicationContext context) {
      return new LocalManagementPort(ManagementServer.NAME, context.getEnvironment());
    }

    /** {@code /manage/} or {@code manage} as {@code /manage}; blank as empty. */
    private static String clean(String path) {
      String trimmed = StringUtils.trimTrailingCharacter(path.trim(), '/');
      return trimmed.isEmpty() || trimmed.startsWith("/") ? trimmed : "/" + trimmed;
    }
  }
}
