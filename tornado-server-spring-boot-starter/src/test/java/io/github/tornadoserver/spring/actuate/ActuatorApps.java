package io.github.tornadoserver.spring.actuate;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.testing.LogCapture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Whole applications for the actuator tests: every auto-configuration on the test class path, the
 * servers on free loopback ports, started as {@link SpringApplication} starts them (so readiness,
 * the logging system and the local ports are real), and a client that talks to them through
 * sockets.
 */
final class ActuatorApps {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();

  private ActuatorApps() {}

  /** An application of every auto-configuration. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {}

  /**
   * Declares the start-up warning of an {@link App}: Spring Security is on this module's test class
   * path (for the WebFlux tests), and the starter rightly says that it does not apply to the routed
   * server.
   */
  static void expectSecurityWarning() {
    LogCapture.expect(
        "io.github.tornadoserver.spring.StartupWarnings", Level.WARN, "Spring Security");
  }

  /** Starts {@code sources} (with {@link App}) and {@code properties}. */
  static ConfigurableApplicationContext start(List<Class<?>> sources, String... properties) {
    expectSecurityWarning();
    List<Class<?>> all = new ArrayList<>(sources);
    all.add(App.class);
    return new SpringApplicationBuilder(all.toArray(Class<?>[]::new))
        .web(WebApplicationType.NONE)
        .properties(
            "tornado.http.port=0",
            "tornado.http.address=127.0.0.1",
            "spring.main.banner-mode=off",
            "logging.register-shutdown-hook=false")
        .properties(properties)
        .run();
  }

  static ConfigurableApplicationContext start(String... properties) {
    return start(List.of(), properties);
  }

  /** The port of the application's HTTP server. */
  static int httpPort(ConfigurableApplicationContext context) {
    return context.getEnvironment().getRequiredProperty("local.tornado.http.port", Integer.class);
  }

  /** {@code GET path} on {@code port} with {@code headers} (name, value, name, value...). */
  static HttpResponse<String> get(int port, String path, String... headers) {
    return send(request(port, path, headers).GET().build());
  }

  /** {@code POST path} with a JSON {@code body}. */
  static HttpResponse<String> post(int port, String path, String contentType, String body) {
    return send(
        request(port, path, "Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** {@code DELETE path}. */
  static HttpResponse<String> delete(int port, String path) {
    return send(request(port, path).DELETE().build());
  }

  private static HttpRequest.Builder request(int port, String path, String... headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(TIMEOUT);
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return builder;
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("request failed: " + request, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted: " + request, e);
    }
  }
}
