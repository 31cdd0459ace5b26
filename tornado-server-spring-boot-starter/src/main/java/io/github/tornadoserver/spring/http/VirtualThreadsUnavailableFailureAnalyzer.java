package io.github.tornadoserver.spring.http;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link VirtualThreadsUnavailableException}: what to run on, or what to set instead.
 */
final class VirtualThreadsUnavailableFailureAnalyzer
    extends AbstractFailureAnalyzer<VirtualThreadsUnavailableException> {

  @Override
  protected FailureAnalysis analyze(
      Throwable rootFailure, VirtualThreadsUnavailableException cause) {
    return new FailureAnalysis(
        cause.getMessage() + ".",
        "Run on Java 21 or newer, or set tornado.http.handler-execution to loop (handlers that"
            + " never block) or executor (the application's task executor).",
        cause);
  }
}
