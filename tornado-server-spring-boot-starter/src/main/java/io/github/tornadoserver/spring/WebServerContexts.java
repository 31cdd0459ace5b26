package io.github.tornadoserver.spring;

import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * Whether an application context runs one of Spring Boot's web servers (a servlet or reactive web
 * server context): then that server owns {@code server.*}, {@code local.server.port} and the
 * readiness state, and the routed server is a second one beside it.
 */
final class WebServerContexts {
  private static final String WEB_SERVER_CONTEXT =
      "org.springframework.boot.web.server.context.WebServerApplicationContext";

  private WebServerContexts() {}

  /**
   * Whether {@code context} is a web-server one; by name, as Boot's web-server module is optional.
   */
  static boolean isWebServerContext(ApplicationContext context) {
    return ClassUtils.getAllInterfacesForClassAsSet(context.getClass()).stream()
        .anyMatch(type -> type.getName().equals(WEB_SERVER_CONTEXT));
  }
}
