package io.github.tornadoserver.spring;

/**
 * A server could not bind its port because something else listens there. Start-up fails with it; a
 * failure analyzer turns it into a message that names the port and the property to change.
 */
public final class PortInUseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String server;
  private final int port;

  PortInUseException(String server, int port, Throwable cause) {
    super(
        server.toUpperCase(java.util.Locale.ROOT) + " port " + port + " is already in use", cause);
    this.server = server;
    this.port = port;
  }

  /** Which server failed: {@code http} or {@code tcp}. */
  public String server() {
    return server;
  }

  /** The port that is taken. */
  public int port() {
    return port;
  }

  /** The property that sets the port, for example {@code tornado.http.port}. */
  public String property() {
    return "tornado." + server + ".port";
  }
}
