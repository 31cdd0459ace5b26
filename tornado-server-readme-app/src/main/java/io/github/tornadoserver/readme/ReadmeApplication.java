package io.github.tornadoserver.readme;

import io.github.tornadoserver.spring.http.RequestHandler;
import io.github.tornadoserver.spring.http.Route;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The README's handler bean, in the smallest Spring Boot application that serves it. */
@SpringBootApplication
public class ReadmeApplication {

  public static void main(String[] args) {
    SpringApplication.run(ReadmeApplication.class, args);
  }

  @Bean
  @Route(path = "/hello/{name}", methods = "GET")
  RequestHandler hello() {
    return exchange ->
        exchange.respond(200, "text/plain", "Hello " + exchange.pathVariable("name"));
  }
}
