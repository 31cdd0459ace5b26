package io.github.tornadoserver.spring.webflux;

/**
 * A {@code server.*} option the tornado-server WebFlux server cannot honour yet (HTTP/2): refused
 * at start-up rather than ignored.
 */
public final class UnsupportedServerOptionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String property;

  UnsupportedServerOptionException(String property, String reason) {
    super(property + "=true is not supported by tornado-server: " + reason);
    this.property = property;
  }

  /** The property that asked for the option, such as {@code server.http2.enabled}. */
  public String property() {
    return property;
  }
}
