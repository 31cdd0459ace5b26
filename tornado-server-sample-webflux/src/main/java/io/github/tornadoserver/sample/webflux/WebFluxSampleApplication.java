package io.github.tornadoserver.sample.webflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The WebFlux sample: the debugging endpoints of the tornado-server sample ({@code /echo}, {@code
 * /stream}, {@code /status/{code}}, {@code /slow}, {@code /headers-big}) as router functions, a
 * validated JSON controller under {@code /api}, an {@code /admin} area behind HTTP Basic, and the
 * actuator, all on {@code server.port}. Which server serves them is decided by the class path
 * alone: tornado-server through its starter, or Reactor Netty with the Maven profile {@code
 * reactor-netty}.
 */
@SpringBootApplication
public class WebFluxSampleApplication {
  /** Starts the sample; the log says where the server listens. */
  public static void main(String[] args) {
    SpringApplication.run(WebFluxSampleApplication.class, args);
  }
}
