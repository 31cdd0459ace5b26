package io.github.tornadoserver.spring.webflux;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a {@link UnsupportedServerOptionException} at start-up: what to remove or change. */
final class UnsupportedServerOptionFailureAnalyzer
    extends AbstractFailureAnalyzer<UnsupportedServerOptionException> {

  @Override
  protected FailureAnalysis analyze(Throwable root, UnsupportedServerOptionException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Remove "
            + cause.property()
            + " (or set it to false), or serve the application with another reactive web server"
            + " (set tornado.webflux.enabled=false and add spring-boot-starter-reactor-netty).",
        cause);
  }
}
