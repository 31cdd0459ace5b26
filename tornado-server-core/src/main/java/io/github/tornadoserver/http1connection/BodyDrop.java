package io.github.tornadoserver.http1connection;

import io.github.tornadoserver.ioloop.Timeout;
import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.iostream.SSLIOStream;
import java.io.IOException;

/**
 * The rest of a request body after an early answer (an answer that ended before the body was read):
 * no longer the delegate's, it is read and dropped within {@link LingeringClose}'s bounds ({@link
 * LingeringClose#LINGER}, {@link LingeringClose#MAX_DISCARDED} bytes), so that closing the
 * connection afterwards does not reset it under the answer. The write side is shut at the start, so
 * that the client sees the end of the answer; a TLS stream keeps it, since its close needs it.
 */
final class BodyDrop {
  private final IOStream stream;
  private final Timeout deadline;
  private long left = LingeringClose.MAX_DISCARDED;

  private BodyDrop(IOStream stream) {
    this.stream = stream;
    this.deadline = stream.ioLoop().callLater(LingeringClose.LINGER, stream::close);
  }

  /** Starts dropping on {@code stream}, whose answer reached the kernel. */
  static BodyDrop start(IOStream stream) {
    BodyDrop drop = new BodyDrop(stream);
    if (!(stream instanceof SSLIOStream)) {
      try {
        stream.channel().shutdownOutput();
      } catch (IOException | RuntimeException e) {
        stream.close();
      }
    }
    return drop;
  }

  /** Drops {@code n} more bytes: true to read on, false (the stream closed) past the bound. */
  boolean take(int n) {
    left -= n;
    if (left < 0) {
      stream.close();
      return false;
    }
    return true;
  }

  /** The body ended, or the request did: the deadline is no longer needed. */
  void end() {
    stream.ioLoop().removeTimeout(deadline);
  }
}
