package io.github.tornadoserver.iostream;

import java.io.IOException;

/**
 * A buffer limit was reached: the read buffer grew past {@code maxBufferSize} (the stream is then
 * closed), or a write would take the write buffer past {@code maxWriteBufferSize} (that write
 * fails; the stream stays open).
 */
public final class StreamBufferFullException extends IOException {
  private static final long serialVersionUID = 1L;

  /** With a message that names the size and the limit. */
  public StreamBufferFullException(String message) {
    super(message);
  }
}
