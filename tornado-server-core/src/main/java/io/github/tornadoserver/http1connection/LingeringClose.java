package io.github.tornadoserver.http1connection;

import io.github.tornadoserver.ioloop.Timeout;
import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.iostream.SSLIOStream;
import java.io.IOException;
import java.time.Duration;

/**
 * Closes a connection without losing the answer it carries. Closing a socket that still has unread
 * input makes the kernel send a reset, and a reset can destroy the response the client has not read
 * yet (RFC 9112 §9.6): a client still uploading a body over {@code maxBodySize} would see
 * "connection reset" instead of its 413. So the write side is shut first (the client reads the
 * response, then EOF) and the input is read and dropped for a short while. Bounded in time and
 * bytes.
 *
 * <p>Two uses: after a refusal ({@link #start}), where this class reads the input itself, and a TLS
 * stream is closed at once (its close needs the TLS layer); and after an early answer ({@link
 * #ofBody}), where the connection's body reader goes on reading the rest of the body and hands each
 * piece's size to {@link #take}, and a TLS stream keeps its write side.
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
    if (shutOutput(stream)) {
      new LingeringClose(stream).drain();
    }
  }

  /**
   * The rest of a request body after an early answer, which reached the kernel: no longer the
   * delegate's, it is dropped within the same bounds as it is read ({@link #take}).
   */
  static LingeringClose ofBody(IOStream stream) {
    LingeringClose drop = new LingeringClose(stream);
    if (!(stream instanceof SSLIOStream)) {
      shutOutput(stream);
    }
    return drop;
  }

  /** Shuts the write side; closes the stream instead, and says so, when that fails. */
  private static boolean shutOutput(IOStream stream) {
    try {
      stream.channel().shutdownOutput();
      return true;
    } catch (IOException | RuntimeException e) {
      stream.close();
      return false;
    }
  }

  /** Drops {@code n} more bytes: true to read on, false (the stream closed) past the bound. */
  boolean take(int n) {
    discarded += n;
    if (discarded > MAX_DISCARDED) {
      finish();
      return false;
    }
    return true;
  }

  /** The dropped body ended, or the request did: the deadline is no longer needed. */
  void cancel() {
    stream.ioLoop().removeTimeout(deadline);
  }

  private void drain() {
    stream.readBytes(PIECE, true).whenComplete(this::discard);
  }

  private void discard(byte[] data, Throwable error) {
    if (error != null) {
      finish();
    } else if (take(data.length)) {
      drain();
    }
  }

  private void finish() {
    cancel();
    stream.close();
  }
}
