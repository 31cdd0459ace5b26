package io.github.tornadoserver.spring.actuate;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.IncludeExcludeEndpointFilter;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.EndpointFilter;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.EndpointsSupplier;
import org.springframework.boot.actuate.endpoint.OperationFilter;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor;
import org.springframework.boot.actuate.endpoint.invoke.ParameterValueMapper;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.actuate.endpoint.web.PathMapper;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpointDiscoverer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointProperties;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * The actuator's web endpoint infrastructure in an application without a servlet or reactive web
 * server, where Spring Boot's own ({@link WebEndpointAutoConfiguration}) stays off: the discovery
 * of the {@link ExposableWebEndpoint}s with {@code management.endpoints.web.exposure.*}, {@code
 * management.endpoints.web.path-mapping.*} and each endpoint's access applied, and the health
 * endpoint's web extension, which maps a health status to an HTTP status and hides details as
 * {@code show-details} says. {@link TornadoActuatorAutoConfiguration} serves what is discovered.
 *
 * <p>Every bean backs off when the application defines its own.
 */
@AutoConfiguration(
    after = {EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class},
    afterName =
        "org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration")
@ConditionalOnClass({WebEndpointDiscoverer.class, WebEndpointProperties.class, JsonMapper.class})
@ConditionalOnNotWebApplication
@ConditionalOnBooleanProperty(name = "tornado.http.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WebEndpointProperties.class)
public final class TornadoWebEndpointAutoConfiguration {

  @Bean
  PathMapper tornadoWebEndpointPathMapper(WebEndpointProperties properties) {
    Map<EndpointId, String> mapping = new HashMap<>();
    properties
        .getPathMapping()
        .forEach((id, path) -> mapping.put(EndpointId.fromPropertyValue(id), path));
    return id -> StringUtils.hasText(mapping.get(id)) ? mapping.get(id) : null;
  }

  @Bean
  @ConditionalOnMissingBean
  EndpointMediaTypes endpointMediaTypes() {
    return EndpointMediaTypes.DEFAULT;
  }

  @Bean
  @ConditionalOnMissingBean(WebEndpointsSupplier.class)
  WebEndpointDiscoverer webEndpointDiscoverer(
      ApplicationContext context,
      ParameterValueMapper parameterValueMapper,
      EndpointMediaTypes mediaTypes,
      ObjectProvider<PathMapper> pathMappers,
      ObjectProvider<AdditionalPathsMapper> additionalPathsMappers,
      ObjectProvider<OperationInvokerAdvisor> invokerAdvisors,
      ObjectProvider<EndpointFilter<ExposableWebEndpoint>> endpointFilters,
      ObjectProvider<OperationFilter<WebOperation>> operationFilters) {
    return new WebEndpointDiscoverer(
        context,
        parameterValueMapper,
        mediaTypes,
        pathMappers.orderedStream().toList(),
        additionalPathsMappers.orderedStream().toList(),
        invokerAdvisors.orderedStream().toList(),
        endpointFilters.orderedStream().toList(),
        operationFilters.orderedStream().toList());
  }

  @Bean
  @ConditionalOnMissingBean
  PathMappedEndpoints pathMappedEndpoints(
      Collection<EndpointsSupplier<?>> suppliers, WebEndpointProperties properties) {
    return new PathMappedEndpoints(properties.getBasePath(), suppliers);
  }

  /** {@code management.endpoints.web.exposure.include/exclude}; health alone by default. */
  @Bean
  IncludeExcludeEndpointFilter<ExposableWebEndpoint> tornadoWebExposureFilter(
      WebEndpointProperties properties) {
    WebEndpointProperties.Exposure exposure = properties.getExposure();
    return new IncludeExcludeEndpointFilter<>(
        ExposableWebEndpoint.class,
        exposure.getInclude(),
        exposure.getExclude(),
        EndpointExposure.WEB.getDefaultIncludes());
  }

  /** {@code management.endpoint.<id>.access}: read-only drops the write and delete operations. */
  @Bean
  OperationFilter<WebOperation> tornadoWebAccessFilter(EndpointAccessResolver accessResolver) {
    return OperationFilter.byAccess(accessResolver);
  }

  /**
   * The health endpoint's web extension, which Spring Boot only defines for its own web servers.
   * Nested so that its types, from Spring Boot's optional health module, are only read when that
   * module is present.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.actuate.endpoint.HealthEndpoint")
  @ConditionalOnBean(type = "org.springframework.boot.health.actuate.endpoint.HealthEndpoint")
  @ConditionalOnAvailableEndpoint(endpoint = HealthEndpoint.class, exposure = EndpointExposure.WEB)
  static class HealthWebExtensionConfiguration {

    @Bean
    @ConditionalOnMissingBean
    HealthEndpointWebExtension healthEndpointWebExtension(
        HealthContributorRegistry registry,
        ObjectProvider<ReactiveHealthContributorRegistry> reactiveRegistry,
        HealthEndpointGroups groups,
        HealthEndpointProperties properties) {
      return new HealthEndpointWebExtension(
          registry,
          reactiveRegistry.getIfAvailable(),
          groups,
          properties.getLogging().getSlowIndicatorThreshold());
    }
  }
}
