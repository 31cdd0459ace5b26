package io.github.tornadoserver.httputil;

import java.io.IOException;

/**
 * Malformed input from the peer: a bad start line, header field, query or request body. Tornado's
 * {@code HTTPInputError}. The server answers it with {@code 400 Bad Request} (DESIGN.md section 6);
 * the message names the offending line or value, with control characters escaped, so it can be
 * logged as is.
 */
public class HTTPInputException extends IOException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong, quoting the value; may be null
   */
  public HTTPInputException(String message) {
    super(message);
  }
}
