package io.github.tornadoserver.iostream;

import java.io.IOException;

/**
 * A read bounded by {@code maxBytes} cannot be satisfied: its delimiter or pattern was not found
 * within the bound. The stream is closed and the read fails with a {@link StreamClosedException}
 * whose cause is this exception.
 */
public final class UnsatisfiableReadException extends IOException {
  private static final long serialVersionUID = 1L;

  /** With a message that names what was searched for and the bound. */
  public UnsatisfiableReadException(String message) {
    super(message);
  }
}
