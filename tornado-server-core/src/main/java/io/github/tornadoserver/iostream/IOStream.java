package io.github.tornadoserver.iostream;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.tls.SSLOptions;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A buffered non-blocking stream over a {@link SocketChannel} (TCP or Unix domain), Tornado's
 * {@code IOStream}.
 *
 * <p>Reads: one at a time ({@link #readUntil}, {@link #readUntilRegex}, {@link #readBytes}, {@link
 * #readInto}, {@link #readUntilClose}); each returns a future of its data. A read is first
 * satisfied from the buffer, then from non-blocking socket reads; the stream only reads the socket
 * while a read is pending (and, when a close callback is set, one chunk to notice EOF), so a peer
 * that sends faster than the application reads is held back by TCP.
 *
 * <p>Writes: {@link #write} queues the bytes, sends what the socket takes at once, and sends the
 * rest as the socket drains. Writes made while the stream handles a read event (the answers to
 * pipelined requests, say) are sent together, in one gathering write, when that event ends. Its
 * future completes when every byte up to and including that write has been handed to the kernel;
 * waiting on it is how a writer applies back-pressure.
 *
 * <p>Close: {@link #close()}, EOF, a reset or any I/O error closes the stream. A pending {@link
 * #readUntilClose} then completes with what was buffered, any other pending read that the buffer
 * can satisfy is satisfied, and everything else pending fails with {@link StreamClosedException}
 * carrying the real cause ({@link #error()}); the close callback then runs in a later loop
 * iteration. A peer reset is a close, not an error to log.
 *
 * <p>Threading: every method must be called on the loop thread of the loop that was current when
 * the stream was created; futures complete on that thread. Completion is inline, except that after
 * many consecutive inline completions one is deferred to the next iteration, which bounds the stack
 * depth of a read or write loop written with futures.
 */
public class IOStream {
  static final Logger GEN_LOG = LoggerFactory.getLogger("tornado.general");
  private static final int MAX_INLINE_COMPLETIONS = 32;
  private static final int SCRATCH_SIZE = 64 * 1024;
  private static final ThreadLocal<ByteBuffer> SCRATCH = new ThreadLocal<>();

  final IOLoop loop;
  final SocketChannel channel;
  private final StreamOptions options;
  private final int readChunkSize;
  private final ReadBuffer readBuffer = new ReadBuffer();
  private final WriteQueue writeQueue = new WriteQueue();
  private PendingRead pendingRead;
  private CompletableFuture<IOStream> connectFuture;
  private Runnable closeCallback;
  private Throwable error;
  private boolean closed;
  private boolean registered;
  private int interest;
  private int inlineCompletions;
  private boolean readingEvent;
  private StreamObserver observer;
  long bytesReceived;
  long bytesSent;

  /**
   * Set during a read event once a socket read returned less than it asked for: the socket is then
   * most likely empty, and another read would only return EAGAIN. Reads started during the rest of
   * the event wait for the selector instead (it is level-triggered, so nothing is missed); for the
   * keep-alive request-response cycle this saves one system call per request.
   */
  private boolean socketDrained;

  /** A stream with the default buffer limits. */
  public IOStream(SocketChannel channel) {
    this(channel, StreamOptions.defaults());
  }

  /**
   * A stream over {@code channel}, which is made non-blocking. The channel may be connected, or
   * unconnected for {@link #connect}.
   *
   * @throws IllegalStateException if not called on a loop thread (the current loop is used)
   */
  public IOStream(SocketChannel channel, StreamOptions options) {
    this.loop = IOLoop.current();
    this.channel = Objects.requireNonNull(channel, "channel");
    this.options = Objects.requireNonNull(options, "options");
    this.readChunkSize = options.effectiveReadChunkSize();
    try {
      channel.configureBlocking(false);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot make " + channel + " non-blocking", e);
    }
  }

  // ---------------------------------------------------------------- state

  /** The underlying channel. */
  public SocketChannel channel() {
    return channel;
  }

  /** The loop this stream runs on. */
  public IOLoop ioLoop() {
    return loop;
  }

  /** The buffer limits of this stream. */
  public StreamOptions options() {
    return options;
  }

  /** Whether the stream is closed. */
  public boolean closed() {
    return closed;
  }

  /** Whether a read is pending. */
  public boolean reading() {
    return pendingRead != null;
  }

  /** Whether written bytes are still waiting to reach the kernel. */
  public boolean writing() {
    return writeQueue.hasData() || transportWantsWrite();
  }

  /** Bytes written but not yet handed to the kernel. */
  public long writeBufferSize() {
    return writeQueue.pendingBytes();
  }

  /** The error that closed the stream, or null (for an open stream or an orderly close). */
  public Throwable error() {
    return error;
  }

  /**
   * Bytes read from the socket so far: what crossed the wire, so for TLS the records, handshake
   * included. Loop thread only (a plain field, updated where the socket is read).
   */
  public long bytesReceived() {
    return bytesReceived;
  }

  /**
   * Bytes handed to the kernel so far, counted as {@link #bytesReceived()} is. Loop thread only.
   */
  public long bytesSent() {
    return bytesSent;
  }

  /**
   * Sets the stream's observer (null: none), for instrumentation that must not take the close
   * callback from the stream's owner. Loop thread only.
   */
  public void setObserver(StreamObserver observer) {
    loop.checkThread();
    this.observer = observer;
  }

  /** The observer set with {@link #setObserver}, or null. */
  StreamObserver observer() {
    return observer;
  }

  /** Takes over the observer and byte counts of {@code previous} (same connection, new stream). */
  void continueObserving(IOStream previous) {
    observer = previous.observer;
    bytesReceived = previous.bytesReceived;
    bytesSent = previous.bytesSent;
  }

  /** The peer's address, or null when not connected. */
  public SocketAddress remoteAddress() {
    try {
      return channel.getRemoteAddress();
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Sets {@code TCP_NODELAY} (disables Nagle's algorithm) on TCP channels; ignored on Unix-domain
   * channels and on a closed or reset socket.
   */
  public void setNodelay(boolean nodelay) {
    if (closed || !channel.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {
      return;
    }
    try {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, nodelay);
    } catch (IOException e) {
      GEN_LOG.debug("cannot set TCP_NODELAY on {}: {}", channel, e.toString());
    }
  }

  /**
   * Runs {@code callback} (in a later loop iteration) when the stream closes, after the futures
   * pending then have failed; on a stream that is already closed, in the next iteration. Setting it
   * also makes an idle stream watch for EOF.
   */
  public void setCloseCallback(Runnable callback) {
    loop.checkThread();
    if (closed) {
      if (callback != null) {
        loop.addCallback(callback);
      }
      return;
    }
    this.closeCallback = callback;
    updateInterest();
  }

  // ---------------------------------------------------------------- reads

  /**
   * Reads up to and including {@code delimiter}.
   *
   * @param maxBytes the bound (0 = none): if the delimiter does not end within it, the stream is
   *     closed and the future fails with a {@link StreamClosedException} caused by an {@link
   *     UnsatisfiableReadException}
   */
  public CompletableFuture<byte[]> readUntil(byte[] delimiter, int maxBytes) {
    if (delimiter.length == 0) {
      throw new IllegalArgumentException("delimiter: empty (expected: at least one byte)");
    }
    return startRead(PendingRead.until(delimiter, checkMaxBytes(maxBytes)));
  }

  /**
   * {@link #readUntil(byte[], int)}, except that when {@code maxBytes} is exceeded only this read
   * fails, with an {@link UnsatisfiableReadException}, and the stream stays open with the bytes
   * still buffered: a protocol can then answer the peer (an HTTP 431, say) before closing.
   */
  public CompletableFuture<byte[]> readUntilOrFail(byte[] delimiter, int maxBytes) {
    if (delimiter.length == 0) {
      throw new IllegalArgumentException("delimiter: empty (expected: at least one byte)");
    }
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: > 0)");
    }
    return startRead(PendingRead.until(delimiter, maxBytes).keepOpenOnLimit());
  }

  /** {@link #readUntilRegex(Pattern, int)} with the failure mode of {@link #readUntilOrFail}. */
  public CompletableFuture<byte[]> readUntilRegexOrFail(Pattern pattern, int maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: > 0)");
    }
    return startRead(
        PendingRead.regex(Objects.requireNonNull(pattern), maxBytes).keepOpenOnLimit());
  }

  /**
   * Reads up to and including the first delimiter {@code scanner} finds, with the failure mode of
   * {@link #readUntilOrFail(byte[], int)}: past {@code maxBytes} only this read fails, with an
   * {@link UnsatisfiableReadException}, and the stream stays open.
   */
  public CompletableFuture<byte[]> readUntilOrFail(DelimiterScanner scanner, int maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: > 0)");
    }
    return startRead(PendingRead.scan(Objects.requireNonNull(scanner), maxBytes).keepOpenOnLimit());
  }

  /** {@link #readUntil(byte[], int)} with no bound. */
  public CompletableFuture<byte[]> readUntil(byte[] delimiter) {
    return readUntil(delimiter, 0);
  }

  /**
   * Reads up to and including the end of the first match of {@code pattern}, which is matched
   * against the bytes as ISO-8859-1 characters. {@code maxBytes} as for {@link #readUntil}.
   */
  public CompletableFuture<byte[]> readUntilRegex(Pattern pattern, int maxBytes) {
    return startRead(PendingRead.regex(Objects.requireNonNull(pattern), checkMaxBytes(maxBytes)));
  }

  /** {@link #readUntilRegex(Pattern, int)} with no bound. */
  public CompletableFuture<byte[]> readUntilRegex(Pattern pattern) {
    return readUntilRegex(pattern, 0);
  }

  /**
   * Reads exactly {@code n} bytes or, when {@code partial}, as many as are available from 1 to
   * {@code n} (never none). {@code n == 0} completes at once with no bytes.
   */
  public CompletableFuture<byte[]> readBytes(int n, boolean partial) {
    if (n < 0) {
      throw new IllegalArgumentException("n: " + n + " (expected: >= 0)");
    }
    return startRead(PendingRead.bytes(n, partial));
  }

  /** {@link #readBytes(int, boolean)}, exactly {@code n} bytes. */
  public CompletableFuture<byte[]> readBytes(int n) {
    return readBytes(n, false);
  }

  /**
   * Reads into {@code buffer} until it is full or, when {@code partial}, until at least one byte
   * was copied; the future is the number of bytes copied. The buffer must not be touched while the
   * read is pending.
   */
  public CompletableFuture<Integer> readInto(ByteBuffer buffer, boolean partial) {
    return startRead(PendingRead.into(Objects.requireNonNull(buffer), partial));
  }

  /**
   * Reads everything until the peer closes; the future is all of it. Bounded by {@code
   * maxBufferSize}. On a closed stream, returns what is still buffered.
   */
  public CompletableFuture<byte[]> readUntilClose() {
    return startRead(PendingRead.untilClose());
  }

  private static int checkMaxBytes(int maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: >= 0, 0 = none)");
    }
    return maxBytes;
  }

  private <T> CompletableFuture<T> startRead(PendingRead read) {
    loop.checkThread();
    if (pendingRead != null) {
      if (closed) {
        return CompletableFuture.failedFuture(new StreamClosedException(error));
      }
      throw new IllegalStateException("Already reading");
    }
    pendingRead = read;
    CompletableFuture<T> future = read.future();
    tryInlineRead();
    return future;
  }

  private void tryInlineRead() {
    if (trySatisfyRead()) {
      return;
    }
    if (closed) {
      finishReadAtClose();
      return;
    }
    if (!(readingEvent && socketDrained)) {
      readUntilSatisfiedOrBlocked();
    }
    if (!readingEvent) {
      // A read event ends by updating the interest once; doing it here too would flip it to
      // READ|WRITE while the event's answers are held back, then back to READ.
      updateInterest();
    }
  }

  /** Reads the socket until the pending read is satisfied, the socket has nothing, or EOF. */
  private void readUntilSatisfiedOrBlocked() {
    while (!closed && pendingRead != null) {
      int n = readToBuffer();
      if (n < 0) {
        close();
        return;
      }
      if (trySatisfyRead() || n == 0 || (readingEvent && socketDrained)) {
        return;
      }
    }
  }

  /**
   * One socket read into the buffer: the byte count, 0 when the socket has nothing now (or the
   * stream cannot read yet), -1 at EOF. Closes the stream on an I/O error or buffer overflow.
   */
  private int readToBuffer() {
    ByteBuffer scratch = scratch(readChunkSize);
    int n;
    try {
      n = transportRead(scratch);
    } catch (IOException e) {
      closeWithError(e);
      return 0;
    }
    socketDrained = n < readChunkSize && !transportHasBufferedInput();
    if (n > 0) {
      scratch.flip();
      readBuffer.append(scratch);
      if (readBuffer.size() > options.maxBufferSize()) {
        GEN_LOG.info(
            "Reached maximum read buffer size of {} bytes on {}, closing",
            options.maxBufferSize(),
            remoteAddress());
        closeWithError(
            new StreamBufferFullException(
                "read buffer holds "
                    + readBuffer.size()
                    + " bytes, over maxBufferSize "
                    + options.maxBufferSize()));
        return 0;
      }
    }
    return n;
  }

  /**
   * The loop thread's reusable direct read buffer, cleared and limited to {@code size}: socket
   * reads land here and only the bytes received are copied into the stream's own buffer, so an idle
   * stream holds no read buffer at all.
   */
  private static ByteBuffer scratch(int size) {
    ByteBuffer scratch = SCRATCH.get();
    if (scratch == null || scratch.capacity() < size) {
      scratch = ByteBuffer.allocateDirect(Math.max(SCRATCH_SIZE, size));
      SCRATCH.set(scratch);
    }
    scratch.clear();
    scratch.limit(size);
    return scratch;
  }

  /** Completes the pending read from the buffer if it can; checks {@code maxBytes} bounds. */
  private boolean trySatisfyRead() {
    PendingRead read = pendingRead;
    if (read == null) {
      return false;
    }
    int available = readBuffer.size();
    switch (read.kind()) {
      case BYTES:
        if (available >= read.count() || (read.partial() && available > 0) || read.count() == 0) {
          return completeRead(readBuffer.take(Math.min(available, read.count())));
        }
        return false;
      case INTO:
        return tryReadInto(read, available);
      case UNTIL:
        return tryDelimited(read, readBuffer.indexAfter(read.delimiter(), read.scanFrom()));
      case REGEX:
        return tryDelimited(read, regexEnd(read));
      case SCAN:
        return tryDelimited(read, readBuffer.indexAfter(read.scanner(), read.scanFrom()));
      default:
        return false;
    }
  }

  private boolean tryReadInto(PendingRead read, int available) {
    ByteBuffer target = read.target();
    int wanted = target.remaining();
    if (available >= wanted || (read.partial() && available > 0)) {
      int n = Math.min(available, wanted);
      readBuffer.takeInto(target, n);
      return completeRead(n);
    }
    return false;
  }

  private int regexEnd(PendingRead read) {
    var matcher = read.pattern().matcher(readBuffer.asLatin1());
    return matcher.find() ? matcher.end() : -1;
  }

  /** Completes a delimiter or regex read ending at {@code end} (-1: not found yet). */
  private boolean tryDelimited(PendingRead read, int end) {
    int max = read.maxBytes();
    if (end >= 0 && (max == 0 || end <= max)) {
      return completeRead(readBuffer.take(end));
    }
    if (max > 0 && (end > max || readBuffer.size() > max)) {
      unsatisfiable(read, max);
      return true;
    }
    if (read.delimiter() != null) {
      read.scanFrom(readBuffer.size() - read.delimiter().length + 1);
    } else if (read.scanner() != null) {
      read.scanFrom(readBuffer.size() - read.scanner().maxLength() + 1);
    }
    return false;
  }

  private void unsatisfiable(PendingRead read, int max) {
    String what =
        read.delimiter() != null
            ? "delimiter " + printable(read.delimiter())
            : read.scanner() != null ? "delimiter" : "regex " + read.pattern().pattern();
    UnsatisfiableReadException cause =
        new UnsatisfiableReadException(what + " not found within " + max + " bytes");
    if (!read.closeOnLimit()) {
      pendingRead = null;
      read.future().completeExceptionally(cause);
      updateInterest();
      return;
    }
    GEN_LOG.info("Unsatisfiable read, closing connection: {}", cause.getMessage());
    closeWithError(cause);
  }

  private static String printable(byte[] bytes) {
    StringBuilder out = new StringBuilder("\"");
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c == '\r') {
        out.append("\\r");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c < 0x20 || c >= 0x7f) {
        out.append(String.format("\\x%02x", c));
      } else {
        out.append((char) c);
      }
    }
    return out.append('"').toString();
  }

  @SuppressWarnings("unchecked")
  private <T> boolean completeRead(T value) {
    CompletableFuture<T> future = (CompletableFuture<T>) pendingRead.future();
    pendingRead = null;
    complete(future, value);
    return true;
  }

  /** At close: a pending readUntilClose gets the buffer; any other pending read fails. */
  private void finishReadAtClose() {
    PendingRead read = pendingRead;
    if (read == null) {
      return;
    }
    if (read.kind() == PendingRead.Kind.UNTIL_CLOSE) {
      completeRead(readBuffer.take(readBuffer.size()));
    } else {
      pendingRead = null;
      read.future().completeExceptionally(new StreamClosedException(error));
    }
  }

  // ---------------------------------------------------------------- writes

  /**
   * Queues the remaining bytes of {@code data} and sends what the socket takes now. The buffer is
   * kept by reference: do not modify it until the returned future completes. The future completes
   * when every byte written so far has reached the kernel; it fails with {@link
   * StreamClosedException} if the stream closes first or is closed now, or with {@link
   * StreamBufferFullException} (stream left open) when {@code maxWriteBufferSize} would be
   * exceeded.
   */
  public CompletableFuture<Void> write(ByteBuffer data) {
    loop.checkThread();
    if (closed) {
      return CompletableFuture.failedFuture(new StreamClosedException(error));
    }
    long limit = options.maxWriteBufferSize();
    long pending = writeQueue.pendingBytes();
    if (limit > 0 && pending + data.remaining() > limit) {
      return CompletableFuture.failedFuture(
          new StreamBufferFullException(
              "write of "
                  + data.remaining()
                  + " bytes with "
                  + pending
                  + " already buffered exceeds maxWriteBufferSize "
                  + limit));
    }
    CompletableFuture<Void> future = writeQueue.add(data);
    if (readingEvent) {
      // Answers to pipelined requests read in this event go out together when it ends.
      return future;
    }
    if (connectFuture == null && !handshaking()) {
      flushWrites();
    }
    if (!closed) {
      updateInterest();
    }
    return future;
  }

  /** {@link #write(ByteBuffer)} of a whole array (kept by reference). */
  public CompletableFuture<Void> write(byte[] data) {
    return write(ByteBuffer.wrap(data));
  }

  /** Sends queued data until the socket takes no more, then completes the finished writes. */
  void flushWrites() {
    try {
      while (writeQueue.hasData()) {
        ByteBuffer[] buffers = writeQueue.gather();
        long n = transportWrite(buffers, writeQueue.gatherCount());
        writeQueue.consumed(n);
        if (n == 0) {
          break;
        }
      }
      flushTransport();
    } catch (IOException e) {
      closeWithError(e);
      return;
    }
    CompletableFuture<Void> done;
    while ((done = writeQueue.pollCompleted()) != null) {
      complete(done, null);
    }
  }

  // ---------------------------------------------------------------- connect

  /**
   * Connects the (unconnected) channel to {@code address}; the future is this stream once connected
   * (for an {@link SSLIOStream}, once the TLS handshake is done, verifying {@code serverHostname}).
   * Writes issued meanwhile are sent after the connect. A failure (refused, unreachable) closes the
   * stream and fails the future with a {@link StreamClosedException} whose cause is the connect
   * error.
   */
  public CompletableFuture<IOStream> connect(SocketAddress address, String serverHostname) {
    loop.checkThread();
    if (connectFuture != null || channel.isConnected()) {
      throw new IllegalStateException("already connected or connecting");
    }
    beforeConnect(serverHostname);
    CompletableFuture<IOStream> future = new CompletableFuture<>();
    connectFuture = future;
    try {
      if (channel.connect(address)) {
        finishConnect();
      } else {
        updateInterest();
      }
    } catch (IOException | RuntimeException e) {
      closeWithError(e);
    }
    return future;
  }

  /** {@link #connect(SocketAddress, String)} with no host name. */
  public CompletableFuture<IOStream> connect(SocketAddress address) {
    return connect(address, null);
  }

  private void finishConnect() {
    try {
      if (!channel.finishConnect()) {
        return;
      }
    } catch (IOException e) {
      closeWithError(e);
      return;
    }
    afterConnect();
  }

  /** Called once the TCP connection is up; a TLS stream starts its handshake here instead. */
  void afterConnect() {
    completeConnect();
  }

  void completeConnect() {
    CompletableFuture<IOStream> future = connectFuture;
    connectFuture = null;
    if (future != null) {
      complete(future, this);
    }
    if (!closed) {
      flushWrites();
      updateInterest();
    }
  }

  boolean connecting() {
    return connectFuture != null && channel.isConnectionPending();
  }

  // ---------------------------------------------------------------- events

  private void handleEvents(SelectableChannel ignored, int events) {
    inlineCompletions = 0;
    if (closed) {
      return;
    }
    if (connecting()) {
      if ((events & IOLoop.WRITE) != 0) {
        finishConnect();
      }
      return;
    }
    if (handshaking()) {
      if (!continueHandshake()) {
        return;
      }
    }
    if ((events & IOLoop.READ) != 0 || transportHasBufferedInput()) {
      readingEvent = true;
      socketDrained = false;
      try {
        handleRead();
      } finally {
        readingEvent = false;
      }
    }
    if (!closed && ((events & IOLoop.WRITE) != 0 || writeQueue.hasData())) {
      flushWrites();
    }
    if (!closed) {
      updateInterest();
    }
  }

  /** Drives the handshake; true when it is done and normal I/O may go on in this call. */
  boolean continueHandshake() {
    return true;
  }

  private void handleRead() {
    if (pendingRead != null) {
      readUntilSatisfiedOrBlocked();
    } else if (readBuffer.isEmpty()) {
      // Idle with a close callback: one read, to notice EOF (Tornado's error listener).
      if (readToBuffer() < 0) {
        close();
      }
    }
  }

  /** Resumes a read that waited for the handshake. */
  void resumeAfterHandshake() {
    if (pendingRead != null && !closed) {
      tryInlineRead();
    }
    if (!closed) {
      flushWrites();
      updateInterest();
    }
  }

  void updateInterest() {
    if (closed) {
      return;
    }
    int wanted = wantedEvents();
    if (!registered) {
      if (wanted == 0) {
        return;
      }
      loop.addHandler(channel, this::handleEvents, wanted);
      registered = true;
    } else if (wanted != interest) {
      loop.updateHandler(channel, wanted);
    }
    interest = wanted;
  }

  private int wantedEvents() {
    if (connecting()) {
      return IOLoop.WRITE;
    }
    int events = transportEvents();
    if (events >= 0) {
      return events;
    }
    events = 0;
    if (pendingRead != null || (closeCallback != null && readBuffer.isEmpty())) {
      events |= IOLoop.READ;
    }
    if (writeQueue.hasData() || transportWantsWrite()) {
      events |= IOLoop.WRITE;
    }
    return events;
  }

  // ---------------------------------------------------------------- close

  /**
   * Closes the stream (idempotent); see the class comment for what happens to pending work. Queued
   * writes are first offered to the socket once, without waiting; what it does not take is dropped
   * and those writes fail.
   */
  public void close() {
    closeWithError(null);
  }

  /** Closes with {@code cause} recorded as {@link #error()}. */
  void closeWithError(Throwable cause) {
    if (closed) {
      return;
    }
    if (cause == null && writeQueue.hasData() && connectFuture == null && !handshaking()) {
      // An orderly close first sends what the socket takes now (never waits): a batched answer
      // written just before the close still goes out.
      flushWrites();
      if (closed) {
        return;
      }
    }
    if (cause != null && error == null) {
      error = cause;
      GEN_LOG.debug("closing {} after: {}", channel, cause.toString());
    }
    closed = true;
    if (pendingRead != null && pendingRead.kind() != PendingRead.Kind.UNTIL_CLOSE) {
      trySatisfyRead();
    }
    releaseChannel(true);
    finishReadAtClose();
    failPendingWork();
    if (closeCallback != null) {
      Runnable callback = closeCallback;
      closeCallback = null;
      loop.addCallback(callback);
    }
    notifyClosed();
  }

  private void notifyClosed() {
    if (observer != null) {
      observer.closed(this);
    }
  }

  private void failPendingWork() {
    for (CompletableFuture<Void> write : writeQueue.clear()) {
      write.completeExceptionally(new StreamClosedException(error));
    }
    CompletableFuture<IOStream> connect = connectFuture;
    connectFuture = null;
    if (connect != null) {
      connect.completeExceptionally(new StreamClosedException(error));
    }
  }

  /** Unregisters from the loop and, when {@code closeChannel}, closes the transport. */
  void releaseChannel(boolean closeChannel) {
    if (registered) {
      loop.removeHandler(channel);
      registered = false;
    }
    if (closeChannel) {
      transportClose();
    }
  }

  /**
   * Hands the channel to a new owner without closing it: this stream becomes closed, its pending
   * operations fail, and the caller is responsible for the channel. Used for {@link #startTls} and
   * protocol upgrades.
   *
   * @throws IllegalStateException when reads or writes are pending or data is buffered
   */
  public SocketChannel detach() {
    loop.checkThread();
    checkIdle("cannot detach");
    closed = true;
    releaseChannel(false);
    closeCallback = null;
    notifyClosed();
    return channel;
  }

  private void checkIdle(String what) {
    if (pendingRead != null
        || writeQueue.hasData()
        || !readBuffer.isEmpty()
        || connectFuture != null
        || closed) {
      throw new IllegalStateException("IOStream is not idle; " + what);
    }
  }

  /**
   * Turns this idle stream into an {@link SSLIOStream} over the same channel; the future completes
   * with it once the handshake is done. The close callback and buffer limits carry over; this
   * stream becomes unusable.
   *
   * @param options the TLS options; for a client, {@link SSLOptions#defaultClient()} verifies
   *     against the JDK trust store
   * @param serverHostname the name to send (SNI) and verify, client side
   * @throws IllegalStateException "IOStream is not idle; cannot convert to SSL" when anything is
   *     pending or buffered
   */
  public CompletableFuture<SSLIOStream> startTls(
      boolean serverSide, SSLOptions options, String serverHostname) {
    loop.checkThread();
    checkIdle("cannot convert to SSL");
    Runnable callback = closeCallback;
    closed = true;
    closeCallback = null;
    releaseChannel(false);
    SSLIOStream tls = new SSLIOStream(channel, this.options, options, serverSide, serverHostname);
    tls.continueObserving(this);
    if (callback != null) {
      tls.setCloseCallback(callback);
    }
    return tls.waitForHandshake().thenApply(ignored -> tls);
  }

  // ---------------------------------------------------------------- completion

  /** Completes {@code future} inline, or in the next iteration after too many inline runs. */
  <T> void complete(CompletableFuture<T> future, T value) {
    boolean deferred =
        ++inlineCompletions > MAX_INLINE_COMPLETIONS
            && loop.addCallback(
                () -> {
                  inlineCompletions = 0;
                  future.complete(value);
                });
    if (!deferred) {
      future.complete(value);
    }
  }

  // ---------------------------------------------------------------- transport (TLS overrides)

  /** Reads application bytes into {@code dst}: the count, 0 for none now, -1 at EOF. */
  int transportRead(ByteBuffer dst) throws IOException {
    int n = channel.read(dst);
    bytesReceived += Math.max(n, 0);
    return n;
  }

  /** Writes application bytes; returns how many were taken. */
  long transportWrite(ByteBuffer[] buffers, int count) throws IOException {
    long n = channel.write(buffers, 0, count);
    bytesSent += n;
    return n;
  }

  /** Pushes out bytes the transport holds (TLS records); no-op for a plain socket. */
  void flushTransport() throws IOException {}

  /** Whether the transport itself has bytes to send. */
  boolean transportWantsWrite() {
    return false;
  }

  /** Whether the transport holds input that a read can use without the socket being ready. */
  boolean transportHasBufferedInput() {
    return false;
  }

  /** Events the transport needs instead of the stream's own (during a handshake), or -1. */
  int transportEvents() {
    return -1;
  }

  /** Whether a TLS handshake is in progress (reads and writes wait for it). */
  boolean handshaking() {
    return false;
  }

  /** Hook for a TLS client to remember the host name before connecting. */
  void beforeConnect(String serverHostname) {}

  /** Closes the channel. */
  void transportClose() {
    try {
      channel.close();
    } catch (IOException e) {
      GEN_LOG.debug("error closing {}: {}", channel, e.toString());
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + remoteAddress() + (closed ? ", closed" : "") + "]";
  }
}
