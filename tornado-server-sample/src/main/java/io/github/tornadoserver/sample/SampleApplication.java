package io.github.tornadoserver.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The sample application. */
@SpringBootApplication
public class SampleApplication {
  /** Starts the sample. */
  public static void main(String[] args) {
    SpringApplication.run(SampleApplication.class, args);
  }
}
