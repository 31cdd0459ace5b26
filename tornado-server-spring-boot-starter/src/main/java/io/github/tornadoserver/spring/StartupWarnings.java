package io.github.tornadoserver.spring;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Controller;
import org.springframework.util.ClassUtils;

/**
 * Says at start-up, one WARN line each, what an application served by the routed HTTP server alone
 * has that nothing applies: Spring Security's web filters, {@code @Controller} beans, the
 * actuator's CORS settings. Each is a Spring MVC or WebFlux feature; without this the application
 * would look configured and silently not be. Nothing is said when the routed server is not the
 * application's web server (Boot's own server, or the WebFlux one, serves those there).
 */
final class StartupWarnings implements SmartInitializingSingleton {
  private static final Logger LOG = LoggerFactory.getLogger(StartupWarnings.class);
  private static final String SECURITY_FILTER_CHAIN =
      "org.springframework.security.web.SecurityFilterChain";
  private static final ConfigurationPropertyName CORS =
      ConfigurationPropertyName.of("management.endpoints.web.cors");
  private static final String WEBFLUX_INSTEAD =
      " or serve the application with Spring WebFlux on tornado-server (docs/webflux.md).";

  private final ObjectProvider<TornadoServerLifecycle> servers;
  private final ListableBeanFactory beans;
  private final Environment environment;
  private final ClassLoader classLoader;

  StartupWarnings(
      ObjectProvider<TornadoServerLifecycle> servers,
      ListableBeanFactory beans,
      Environment environment,
      ClassLoader classLoader) {
    this.servers = servers;
    this.beans = beans;
    this.environment = environment;
    this.classLoader = classLoader;
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (servers.orderedStream().noneMatch(TornadoServerLifecycle::isApplicationWebServer)) {
      return;
    }
    warnAboutSecurity();
    warnAboutControllers();
    warnAboutCors();
  }

  private void warnAboutSecurity() {
    if (ClassUtils.isPresent(SECURITY_FILTER_CHAIN, classLoader)) {
      LOG.warn(
          "Spring Security is on the class path, but its web filters do not run on the tornado"
              + " HTTP server: requests to @Route handlers and actuator endpoints are neither"
              + " authenticated nor authorized by it. Check access in the handlers or a proxy,"
              + WEBFLUX_INSTEAD);
    }
  }

  private void warnAboutControllers() {
    List<String> controllers = List.of(beans.getBeanNamesForAnnotation(Controller.class));
    if (!controllers.isEmpty()) {
      LOG.warn(
          "Beans {} are @Controller/@RestController, but the tornado HTTP server serves only"
              + " @Route handler beans: nothing serves them. Write them as @Route handlers,"
              + WEBFLUX_INSTEAD,
          controllers);
    }
  }

  private void warnAboutCors() {
    if (isSet(CORS)) {
      LOG.warn(
          "management.endpoints.web.cors.* is set, but the tornado HTTP server does not apply it:"
              + " actuator endpoints send no CORS headers. Add them in a proxy,"
              + WEBFLUX_INSTEAD);
    }
  }

  private boolean isSet(ConfigurationPropertyName prefix) {
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (source.containsDescendantOf(prefix) == ConfigurationPropertyState.PRESENT) {
        return true;
      }
    }
    return false;
  }
}
