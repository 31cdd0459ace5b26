package io.github.tornadoserver.spring;

import io.github.tornadoserver.spring.TornadoProperties.ForwardHeadersStrategy;
import java.util.Locale;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Whether the HTTP server honours forwarded headers (its {@code xheaders} option), for the routed
 * and the WebFlux server alike. The first of these that is set decides:
 *
 * <ol>
 *   <li>{@code tornado.http.forwarded.strategy}: {@code native} honours them;
 *   <li>{@code tornado.http.xheaders};
 *   <li>Boot's {@code server.forward-headers-strategy}: {@code native} honours them; {@code none}
 *       does not; {@code framework} leaves them to Spring's {@code ForwardedHeaderTransformer} (or
 *       filter), which Boot registers for that value, so the server must not apply them as well;
 *   <li>as Boot does for its own servers when that is unset too: honoured when Boot detects a cloud
 *       platform whose load balancer sets them ({@link CloudPlatform#isUsingForwardHeaders()}:
 *       Cloud Foundry, Heroku, SAP, Nomad, Kubernetes, Azure App Service, AWS ECS). Set {@code
 *       tornado.http.forwarded.strategy=none} where that is not so.
 * </ol>
 *
 * Otherwise they are ignored.
 */
public final class ForwardHeaders {
  private ForwardHeaders() {}

  /** Whether the server honours forwarded headers, by the rules above. */
  public static boolean honoured(TornadoProperties.Http http, Environment environment) {
    ForwardHeadersStrategy strategy = http.getForwarded().getStrategy();
    if (strategy != null) {
      return strategy == ForwardHeadersStrategy.NATIVE;
    }
    Binder binder = Binder.get(environment);
    if (binder.bind("tornado.http.xheaders", Boolean.class).isBound()) {
      return http.isXheaders();
    }
    String boot = binder.bind("server.forward-headers-strategy", String.class).orElse(null);
    if (boot != null) {
      return boot.trim().toLowerCase(Locale.ROOT).equals("native");
    }
    CloudPlatform platform = CloudPlatform.getActive(environment);
    return platform != null && platform.isUsingForwardHeaders();
  }
}
