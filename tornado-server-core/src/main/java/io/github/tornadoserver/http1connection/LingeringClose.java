package io.github.tornadoserver.http1connection;

import io.github.tornadoserver.ioloop.Timeout;
import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.iostream.SSLIOStream;
import java.io.IOException;
import java.time.Duration;

/**
 * Closes a connection whose request was refused without losing the refusal. Closing a socket that
 * still has unread input makes the kernel send a reset, and a reset can destroy the response the
 * client has not read yet (RFC 9112 §9.6): a client still uploading a body over {@code maxBodySize}
 * would see "connection reset" instead of its 413. So the write side is shut first (the client
 * reads the response, then EOF) and the input is read and dropped for a short while. Bounded in
 * time and bytes; a TLS stream is closed at once (its close needs the TLS layer).
 */
final class LingeringClose {
  static final Duration LINGER = Duration.ofSeconds(2);
  static final long MAX_DISCARDED = 1024 * 1024;
  private static final int PIECE = 64 * 1024;

  private final IOStream stream;
  private final Timeout deadline;
  private long discarded;

  private LingeringClose(IOStream stream) {
    this.stream = stream;
    this.deadline = stream.ioLoop().callLater(LINGER, stream::close);
  }

  /** Shuts the write side of {@code stream}, drains its input for a bounded time, then closes. */
  static void start(IOStream stream) {
    if (stream.closed()) {
      return;
    }
    if (stream instanceof SSLIOStream || stream.reading()) {
      stream.close();
      return;
    }
    try {
      stream.channel().shutdownOutput();
    } catch (IOException | RuntimeException e) {
      stream.close();
      return;
    }
    new LingeringClose(stream).drain();
  }

  private void drain() {
    stream.readBytes(PIECE, true).whenComplete(this::discard);
  }

  private void discard(byte[] data, Throwable error) {
    if (error != null) {
      finish();
      return;
    }
    discarded += data.length;
    if (discarded > MAX_DISCARDED) {
      finish();
    } else {
      drain();
    }
  }

  private void finish() {
    stream.ioLoop().removeTimeout(deadline);
    stream.close();
  }
}
