package io.github.tornadoserver.spring.http;

/**
 * The request cannot be served as sent: the router answers with {@link #status()} (4xx) and an
 * error body whose {@code message} is this exception's message, logs one INFO line on {@code
 * tornado.general}, and no stack trace. Thrown by {@link Exchange}'s accessors for a query
 * parameter or a body that does not parse; a handler may throw it too.
 */
public final class ClientErrorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /**
   * @param status the 4xx status to answer with
   * @param message what is wrong with the request, for the client: no internals
   * @throws IllegalArgumentException when {@code status} is not a 4xx status
   */
  public ClientErrorException(int status, String message) {
    this(status, message, null);
  }

  /** As {@link #ClientErrorException(int, String)}, keeping {@code cause} for a debugger. */
  public ClientErrorException(int status, String message, Throwable cause) {
    super(message, cause, false, false);
    if (status < 400 || status > 499) {
      throw new IllegalArgumentException("status: " + status + " (expected: 400-499)");
    }
    this.status = status;
  }

  /** The status to answer with. */
  public int status() {
    return status;
  }
}
