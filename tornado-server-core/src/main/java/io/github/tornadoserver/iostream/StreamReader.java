package io.github.tornadoserver.iostream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The read half of an {@link IOStream}: its buffer, its one pending read, and reading the transport
 * into the buffer until that read is satisfied. Reading happens only while a read is pending (or,
 * for an idle stream with a close callback, one chunk to notice EOF), so a peer that sends faster
 * than the application reads is held back by TCP. Loop thread only, called by its stream.
 */
final class StreamReader {
  private final IOStream stream;
  private final Transport transport;
  private final StreamOptions options;
  private final int readChunkSize;
  private final ReadBuffer buffer;
  private PendingRead pending;
  private boolean inEvent;

  /**
   * Set during a read event once a socket read returned less than it asked for: the socket is then
   * most likely empty, and another read would only return EAGAIN. Reads started during the rest of
   * the event wait for the selector instead (it is level-triggered, so nothing is missed); for the
   * keep-alive request-response cycle this saves one system call per request.
   */
  private boolean drained;

  StreamReader(IOStream stream, Transport transport, StreamOptions options) {
    this.stream = stream;
    this.transport = transport;
    this.options = options;
    this.readChunkSize = options.effectiveReadChunkSize();
    this.buffer = new ReadBuffer(stream.ioLoop());
  }

  boolean reading() {
    return pending != null;
  }

  /** Whether the stream handles a read event right now. */
  boolean inEvent() {
    return inEvent;
  }

  /** No read pending and nothing buffered. */
  boolean idle() {
    return pending == null && buffer.isEmpty();
  }

  /** Whether the transport should report input: a read waits, or EOF is watched for. */
  boolean wantsInput(boolean watchingForClose) {
    return pending != null || (watchingForClose && buffer.isEmpty());
  }

  <T> CompletableFuture<T> start(PendingRead read) {
    if (pending != null) {
      if (stream.closed()) {
        return CompletableFuture.failedFuture(new StreamClosedException(stream.error()));
      }
      throw new IllegalStateException("Already reading");
    }
    pending = read;
    CompletableFuture<T> future = read.future();
    tryInline();
    return future;
  }

  /** {@link #start} of a read answered by its callback: a second read fails through it at once. */
  void startWithCallback(PendingRead read) {
    if (pending != null) {
      if (!stream.closed()) {
        throw new IllegalStateException("Already reading");
      }
      read.fail(new StreamClosedException(stream.error()));
      return;
    }
    pending = read;
    tryInline();
  }

  /** After a handshake: goes on with a read that waited for it. */
  void resume() {
    if (pending != null) {
      tryInline();
    }
  }

  private void tryInline() {
    if (trySatisfy()) {
      return;
    }
    if (stream.closed()) {
      finishAtClose();
      return;
    }
    if (!(inEvent && drained)) {
      readUntilSatisfiedOrBlocked();
    }
    if (!inEvent) {
      // A read event ends by updating the interest once; doing it here too would flip it to
      // READ|WRITE while the event's answers are held back, then back to READ.
      stream.updateInterest();
    }
  }

  /** The transport has input (or EOF): reads for the pending read, or one chunk to notice EOF. */
  void onReadable() {
    inEvent = true;
    drained = false;
    try {
      if (pending != null) {
        readUntilSatisfiedOrBlocked();
      } else if (buffer.isEmpty() && readToBuffer() < 0) {
        // Idle with a close callback: one read, to notice EOF (Tornado's error listener).
        stream.close();
      }
    } finally {
      inEvent = false;
    }
  }

  /**
   * One look at the transport without waiting, outside any read event: reads what it has now for
   * the pending read (until that read is satisfied, nothing more is there, or EOF), or with none
   * pending one chunk into the buffer. True when this ended the pending read (satisfied, failed at
   * a limit or at EOF), or when received bytes wait unconsumed, in the buffer or inside the
   * transport (a partial TLS record).
   */
  boolean poll() {
    PendingRead read = pending;
    if (read != null) {
      readUntilSatisfiedOrBlocked();
      if (pending != read) {
        return true;
      }
    } else if (!stream.closed() && readToBuffer() < 0) {
      stream.close();
    }
    return !stream.closed() && (!buffer.isEmpty() || transport.hasBufferedInput());
  }

  /** Reads the socket until the pending read is satisfied, the socket has nothing, or EOF. */
  private void readUntilSatisfiedOrBlocked() {
    while (!stream.closed() && pending != null) {
      int n = readToBuffer();
      if (n < 0) {
        stream.close();
        return;
      }
      if (trySatisfy() || n == 0 || (inEvent && drained)) {
        return;
      }
    }
  }

  /**
   * One transport read into the buffer, through the loop's scratch buffer so that only the bytes
   * received are copied and an idle stream holds no read buffer: the byte count, 0 when there is
   * nothing now (or the stream cannot read yet), -1 at EOF. Closes the stream on an I/O error or
   * when the buffer would exceed {@code maxBufferSize}.
   */
  private int readToBuffer() {
    ByteBuffer scratch = stream.ioLoop().scratchBuffer(readChunkSize);
    int n;
    try {
      n = transport.read(scratch);
    } catch (IOException e) {
      stream.closeWithError(e);
      return 0;
    }
    drained = n < readChunkSize && !transport.hasBufferedInput();
    if (n > 0) {
      scratch.flip();
      buffer.append(scratch);
      if (buffer.size() > options.maxBufferSize()) {
        overflow();
        return 0;
      }
    }
    return n;
  }

  private void overflow() {
    IOStream.GEN_LOG.info(
        "Reached maximum read buffer size of {} bytes on {}, closing",
        options.maxBufferSize(),
        stream.remoteAddress());
    stream.closeWithError(
        new StreamBufferFullException(
            "read buffer holds "
                + buffer.size()
                + " bytes, over maxBufferSize "
                + options.maxBufferSize()));
  }

  /** Completes the pending read from the buffer if it can; checks {@code maxBytes} bounds. */
  private boolean trySatisfy() {
    PendingRead read = pending;
    if (read == null) {
      return false;
    }
    Object value;
    try {
      value = read.takeFrom(buffer);
    } catch (UnsatisfiableReadException e) {
      unsatisfiable(read, e);
      return true;
    }
    return value != null && complete(value);
  }

  private void unsatisfiable(PendingRead read, UnsatisfiableReadException cause) {
    if (!read.closeOnLimit()) {
      pending = null;
      read.fail(cause);
      stream.updateInterest();
      return;
    }
    IOStream.GEN_LOG.info("Unsatisfiable read, closing connection: {}", cause.getMessage());
    stream.closeWithError(cause);
  }

  private boolean complete(Object value) {
    PendingRead read = pending;
    pending = null;
    read.succeed(stream, value);
    return true;
  }

  /** At close, first: a pending read that the buffer can satisfy is satisfied. */
  void satisfyFromBuffer() {
    if (pending != null && pending.kind() != PendingRead.Kind.UNTIL_CLOSE) {
      trySatisfy();
    }
  }

  /** At close, last: a pending readUntilClose gets the buffer; any other pending read fails. */
  void finishAtClose() {
    PendingRead read = pending;
    if (read == null) {
      return;
    }
    if (read.kind() == PendingRead.Kind.UNTIL_CLOSE) {
      complete(buffer.take(buffer.size()));
    } else {
      pending = null;
      read.fail(new StreamClosedException(stream.error()));
    }
  }
}
