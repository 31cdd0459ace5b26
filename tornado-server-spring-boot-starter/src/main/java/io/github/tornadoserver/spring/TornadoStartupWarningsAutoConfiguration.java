package io.github.tornadoserver.spring;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The start-up warnings about what the routed HTTP server does not serve: {@link StartupWarnings}
 * and, with Boot's web-server support on the class path, {@link SecondWebServerWarning}.
 */
@AutoConfiguration(after = TornadoAutoConfiguration.class)
public final class TornadoStartupWarningsAutoConfiguration {

  @Bean
  static StartupWarnings tornadoStartupWarnings(
      ObjectProvider<TornadoServerLifecycle> servers,
      ConfigurableListableBeanFactory beans,
      ApplicationContext context) {
    return new StartupWarnings(servers, beans, context.getEnvironment(), context.getClassLoader());
  }

  /** Nested: it names a type of Boot's web-server module, which is optional. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = "org.springframework.boot.web.server.context.WebServerInitializedEvent")
  static class SecondWebServerConfiguration {
    @Bean
    static SecondWebServerWarning tornadoSecondWebServerWarning(
        ObjectProvider<TornadoServerLifecycle> servers) {
      return new SecondWebServerWarning(servers);
    }
  }
}
