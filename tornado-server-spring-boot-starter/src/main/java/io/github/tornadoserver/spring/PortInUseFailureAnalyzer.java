package io.github.tornadoserver.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a {@link PortInUseException}: which server, which port, and the property to change. */
final class PortInUseFailureAnalyzer extends AbstractFailureAnalyzer<PortInUseException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, PortInUseException cause) {
    String description =
        "The tornado "
            + cause.server().toUpperCase(java.util.Locale.ROOT)
            + " server could not listen on port "
            + cause.port()
            + " ("
            + cause.property()
            + "): another process already listens there.";
    String action =
        "Stop the process that listens on port "
            + cause.port()
            + ", or set "
            + cause.property()
            + " to another port (0 picks a free one).";
    return new FailureAnalysis(description, action, cause);
  }
}
