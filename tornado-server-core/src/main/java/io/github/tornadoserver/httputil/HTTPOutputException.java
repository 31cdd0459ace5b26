package io.github.tornadoserver.httputil;

import java.io.IOException;

/**
 * The application wrote output inconsistent with the message framing, for example more body bytes
 * than its {@code Content-Length} announced. Tornado's {@code HTTPOutputError}.
 */
public class HTTPOutputException extends IOException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was inconsistent, quoting the values; may be null
   */
  public HTTPOutputException(String message) {
    super(message);
  }
}
