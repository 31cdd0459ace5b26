package io.github.tornadoserver.iostream;

import java.io.IOException;

/**
 * The stream is closed: an operation was attempted on it, or was pending when it closed. {@link
 * #getCause()} is the real error that closed it (a reset, an {@link UnsatisfiableReadException}, a
 * TLS failure), or {@code null} for an orderly close.
 */
public final class StreamClosedException extends IOException {
  private static final long serialVersionUID = 1L;

  /** A closed-stream failure caused by {@code realError} (may be null). */
  public StreamClosedException(Throwable realError) {
    super(realError == null ? "Stream is closed" : "Stream is closed: " + realError, realError);
  }

  /** The error that closed the stream, or null. Tornado's {@code real_error}. */
  public Throwable realError() {
    return getCause();
  }
}
