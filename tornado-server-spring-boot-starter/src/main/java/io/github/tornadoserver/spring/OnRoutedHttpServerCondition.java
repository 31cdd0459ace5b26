package io.github.tornadoserver.spring;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.web.context.reactive.ConfigurableReactiveWebEnvironment;
import org.springframework.boot.web.context.reactive.ReactiveWebApplicationContext;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether the starter's own routed HTTP server starts: with {@code tornado.http.enabled} as set;
 * when it is not set, in every application but a reactive web one, whose web server (tornado-server
 * through WebFlux, or another) already serves HTTP: one application, one server, one port.
 */
final class OnRoutedHttpServerCondition extends SpringBootCondition {
  static final String PROPERTY = "tornado.http.enabled";

  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    Boolean enabled = context.getEnvironment().getProperty(PROPERTY, Boolean.class);
    if (enabled != null) {
      return enabled
          ? ConditionOutcome.match(PROPERTY + "=true")
          : ConditionOutcome.noMatch(PROPERTY + "=false");
    }
    if (isReactiveWebApplication(context)) {
      return ConditionOutcome.noMatch(
          "a reactive web application, served by its web server; "
              + PROPERTY
              + "=true starts a second one");
    }
    return ConditionOutcome.match(PROPERTY + " not set, not a reactive web application");
  }

  private static boolean isReactiveWebApplication(ConditionContext context) {
    return context.getEnvironment() instanceof ConfigurableReactiveWebEnvironment
        || context.getResourceLoader() instanceof ReactiveWebApplicationContext;
  }
}
