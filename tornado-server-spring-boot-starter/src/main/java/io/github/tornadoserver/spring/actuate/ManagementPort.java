package io.github.tornadoserver.spring.actuate;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Where the actuator's endpoints are served, from {@code management.server.port} and {@code
 * tornado.http.port}: with the application's routes, on a server of their own, or nowhere.
 */
enum ManagementPort {
  /** Not set, or the application's port: the endpoints are routes of the HTTP server. */
  SAME,
  /** Another port (0 included: a free one): a second HTTP server serves the endpoints. */
  DIFFERENT,
  /** Negative: no server serves the endpoints. */
  DISABLED;

  static final String PROPERTY = "management.server.port";
  private static final int DEFAULT_HTTP_PORT = 8888;

  /** The management port type {@code environment} configures. */
  static ManagementPort of(Environment environment) {
    Integer management = environment.getProperty(PROPERTY, Integer.class);
    if (management == null) {
      return SAME;
    }
    if (management < 0) {
      return DISABLED;
    }
    int http = environment.getProperty("tornado.http.port", Integer.class, DEFAULT_HTTP_PORT);
    return management != 0 && management == http ? SAME : DIFFERENT;
  }

  /** Matches when the endpoints share the application's server. */
  static final class OnSame extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata m) {
      return outcome(context, SAME);
    }
  }

  /** Matches when the endpoints have a server of their own. */
  static final class OnDifferent extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata m) {
      return outcome(context, DIFFERENT);
    }
  }

  private static ConditionOutcome outcome(ConditionContext context, ManagementPort wanted) {
    ManagementPort actual = of(context.getEnvironment());
    String message = "management port type " + actual + " (wanted: " + wanted + ")";
    return new ConditionOutcome(actual == wanted, message);
  }
}
