package io.github.tornadoserver.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sample: HTTP handlers that double as a debugging tool ({@code /echo}, {@code /stream}, {@code
 * /status/{code}}, {@code /slow}, {@code /headers-big}, {@code /blocking}) and a TCP echo server,
 * all auto-configured by the starter from {@code application.yml}.
 */
@SpringBootApplication
public class SampleApplication {
  /** Starts the sample; the log says where the servers listen. */
  public static void main(String[] args) {
    SpringApplication.run(SampleApplication.class, args);
  }
}
