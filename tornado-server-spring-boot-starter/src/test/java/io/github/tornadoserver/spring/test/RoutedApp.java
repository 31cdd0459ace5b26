package io.github.tornadoserver.spring.test;

import io.github.tornadoserver.spring.http.RequestHandler;
import io.github.tornadoserver.spring.http.Route;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** An application served by the routed HTTP server alone: one {@code @Route} bean. */
@SpringBootConfiguration
@EnableAutoConfiguration
class RoutedApp {
  /**
   * The starter's tests have WebFlux on the class path, which would make every application a
   * reactive one: these say what the application is.
   */
  static final String NOT_A_WEB_APPLICATION = "spring.main.web-application-type=none";

  @Bean
  @Route(path = "/hello/{name}", methods = "GET")
  RequestHandler hello() {
    return exchange ->
        exchange.respond(200, "text/plain", "Hello " + exchange.pathVariable("name"));
  }
}
