package io.github.tornadoserver.iostream;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.tls.SSLOptions;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
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
 *
 * <p>Structure: the stream keeps the write queue and the futures, its {@code StreamReader} the read
 * buffer and the one pending read; the bytes go through a transport underneath (a socket, TLS over
 * a socket, or memory in tests), which also runs any handshake. The class is sealed: its only
 * subclass is {@link SSLIOStream}, which exists so that handlers can tell a TLS stream by its type
 * and reach its session; it overrides nothing, since everything TLS does is done by its transport.
 */
public sealed class IOStream permits SSLIOStream {
  static final Logger GEN_LOG = LoggerFactory.getLogger("tornado.general");
  private static final int MAX_INLINE_COMPLETIONS = 32;

  private final IOLoop loop;
  private final Transport transport;
  private final StreamOptions options;
  private final StreamReader reader;
  private final WriteQueue writeQueue = new WriteQueue();
  private CompletableFuture<IOStream> connectFuture;
  private Runnable closeCallback;
  private Throwable error;
  private boolean closed;
  private int inlineCompletions;
  private StreamObserver observer;
  private ProxyHeader proxyHeader;
  private long receivedBefore;
  private long sentBefore;

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
    this(IOLoop.current(), new SocketTransport(channel), options);
  }

  /**
   * A server-side stream over a connection whose first bytes were already read from it: a PROXY
   * protocol header (see {@code TCPServer}'s proxy option) and, behind it, {@code received}, which
   * the stream reads before the socket. With a header that names the client, {@link
   * #remoteAddress()} is that client; {@link #proxyHeader()} keeps the header.
   *
   * @param received bytes read after the header (flipped); may be null or empty
   * @param header the header, or null when the connection came without one
   * @throws IllegalStateException if not called on a loop thread (the current loop is used)
   */
  public static IOStream accepted(
      SocketChannel channel, StreamOptions options, ByteBuffer received, ProxyHeader header) {
    IOStream stream =
        new IOStream(IOLoop.current(), proxiedTransport(channel, received, header), options);
    stream.proxyHeader = header;
    return stream;
  }

  /** A socket transport that reads {@code received} first and reports the proxied client. */
  static SocketTransport proxiedTransport(
      SocketChannel channel, ByteBuffer received, ProxyHeader header) {
    SocketAddress client = header == null || header.local() ? null : header.source();
    return new SocketTransport(channel, received, client);
  }

  /** A stream over {@code transport} on {@code loop} (the calling thread must be its thread). */
  IOStream(IOLoop loop, Transport transport, StreamOptions options) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.options = Objects.requireNonNull(options, "options");
    this.reader = new StreamReader(this, transport, options);
    transport.attach(this);
  }

  // ---------------------------------------------------------------- state

  /** The underlying channel (null only for the in-memory streams of tests). */
  public SocketChannel channel() {
    return transport.channel();
  }

  /**
   * What the proxy in front said about this connection in a PROXY protocol header (client address,
   * TLS facts, authority), or null when it came without one.
   */
  public ProxyHeader proxyHeader() {
    return proxyHeader;
  }

  /** Records the header of a stream made by {@link SSLIOStream#accepted}. */
  void setProxyHeader(ProxyHeader header) {
    this.proxyHeader = header;
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
    return reader.reading();
  }

  /** Whether written bytes are still waiting to reach the kernel. */
  public boolean writing() {
    return writeQueue.hasData() || transport.hasPendingOutput();
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
    return receivedBefore + transport.bytesReceived();
  }

  /**
   * Bytes handed to the kernel so far, counted as {@link #bytesReceived()} is. Loop thread only.
   */
  public long bytesSent() {
    return sentBefore + transport.bytesSent();
  }

  /**
   * Sets the stream's observer (null: none), for instrumentation that must not take the close
   * callback from the stream's owner. Loop thread only.
   */
  public void setObserver(StreamObserver observer) {
    loop.checkThread();
    this.observer = observer;
  }

  /** Takes over the observer and byte counts of {@code previous} (same connection, new stream). */
  void continueObserving(IOStream previous) {
    observer = previous.observer;
    receivedBefore = previous.bytesReceived();
    sentBefore = previous.bytesSent();
  }

  /** Tells the observer how a TLS handshake ended; called by the transport, once. */
  void handshakeFinished(boolean success) {
    if (observer != null) {
      observer.handshakeFinished(this, success);
    }
  }

  /** The peer's address, or null when not connected. */
  public SocketAddress remoteAddress() {
    return transport.remoteAddress();
  }

  /**
   * The address this connection reached: the one the proxy in front accepted it on, as its PROXY
   * header says, or else the socket's own; null without a socket (the in-memory streams of tests)
   * or once the channel is closed.
   */
  public SocketAddress localAddress() {
    if (proxyHeader != null && !proxyHeader.local() && proxyHeader.destination() != null) {
      return proxyHeader.destination();
    }
    SocketChannel channel = transport.channel();
    if (channel == null) {
      return null;
    }
    try {
      return channel.getLocalAddress();
    } catch (IOException | RuntimeException closed) {
      return null;
    }
  }

  /**
   * Sets {@code TCP_NODELAY} (disables Nagle's algorithm) on TCP channels; ignored on Unix-domain
   * channels and on a closed or reset socket.
   */
  public void setNodelay(boolean nodelay) {
    if (!closed) {
      transport.setNodelay(nodelay);
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
    return startRead(PendingRead.until(delimiter, PendingRead.bound(maxBytes)));
  }

  /**
   * {@link #readUntil(byte[], int)}, except that when {@code maxBytes} is exceeded only this read
   * fails, with an {@link UnsatisfiableReadException}, and the stream stays open with the bytes
   * still buffered: a protocol can then answer the peer (an HTTP 431, say) before closing.
   */
  public CompletableFuture<byte[]> readUntilOrFail(byte[] delimiter, int maxBytes) {
    return startRead(
        PendingRead.until(delimiter, PendingRead.positiveBound(maxBytes)).keepOpenOnLimit());
  }

  /** {@link #readUntilRegex(Pattern, int)} with the failure mode of {@link #readUntilOrFail}. */
  public CompletableFuture<byte[]> readUntilRegexOrFail(Pattern pattern, int maxBytes) {
    return startRead(
        PendingRead.regex(pattern, PendingRead.positiveBound(maxBytes)).keepOpenOnLimit());
  }

  /**
   * Reads up to and including the first delimiter {@code scanner} finds, with the failure mode of
   * {@link #readUntilOrFail(byte[], int)}: past {@code maxBytes} only this read fails, with an
   * {@link UnsatisfiableReadException}, and the stream stays open.
   */
  public CompletableFuture<byte[]> readUntilOrFail(DelimiterScanner scanner, int maxBytes) {
    return startRead(
        PendingRead.scan(scanner, PendingRead.positiveBound(maxBytes)).keepOpenOnLimit());
  }

  /**
   * {@link #readUntilOrFail(DelimiterScanner, int)} answered through {@code callback} (the bytes
   * and null, or null and the failure) instead of a future: for a protocol that reads once per
   * message, where the future and its listener would be made and dropped every time. The callback
   * runs on the loop thread, inline when the bytes are already buffered, exactly once (unless the
   * read is still waiting when the loop closes). A read started while another is pending throws
   * {@link IllegalStateException}, or on a closed stream fails through the callback.
   */
  public void readUntilOrFail(
      DelimiterScanner scanner, int maxBytes, BiConsumer<byte[], Throwable> callback) {
    loop.checkThread();
    reader.startWithCallback(
        PendingRead.scan(scanner, PendingRead.positiveBound(maxBytes))
            .keepOpenOnLimit()
            .answeredBy(callback));
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
    return startRead(PendingRead.regex(pattern, PendingRead.bound(maxBytes)));
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
    return startRead(PendingRead.into(buffer, partial));
  }

  /**
   * Reads everything until the peer closes; the future is all of it. Bounded by {@code
   * maxBufferSize}. On a closed stream, returns what is still buffered.
   */
  public CompletableFuture<byte[]> readUntilClose() {
    return startRead(PendingRead.untilClose());
  }

  /**
   * Looks once, without waiting, for input that has arrived but is not read yet, for an owner about
   * to close a stream it believes idle: reads what the transport holds now (for TLS, unwrapping the
   * records that are there) into the pending read, or with none pending into the buffer. Bytes can
   * reach the kernel after the selector last looked, in the same loop iteration as the timer that
   * closes; this is the read that finds them.
   *
   * <p>True when this completed or failed the pending read (its future completes now or, after many
   * inline completions, in the next iteration), or when received bytes wait unconsumed; false when
   * nothing was received, while a connect or a TLS handshake is under way, or when the stream was
   * already closed. An EOF found now closes the stream as any read does. Loop thread only.
   */
  public boolean pollInput() {
    loop.checkThread();
    if (closed || connectFuture != null || !transport.ready()) {
      return false;
    }
    boolean received = reader.poll();
    updateInterest();
    return received;
  }

  private <T> CompletableFuture<T> startRead(PendingRead read) {
    loop.checkThread();
    return reader.start(read);
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
    StreamBufferFullException full = writeQueue.refusal(data, options.maxWriteBufferSize());
    if (full != null) {
      return CompletableFuture.failedFuture(full);
    }
    CompletableFuture<Void> future = writeQueue.add(data);
    if (reader.inEvent()) {
      // Answers to pipelined requests read in this event go out together when it ends.
      return future;
    }
    if (connectFuture == null && transport.ready()) {
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
  private void flushWrites() {
    try {
      while (writeQueue.hasData()) {
        ByteBuffer[] buffers = writeQueue.gather(loop);
        long n = transport.write(buffers, writeQueue.gatherCount());
        writeQueue.consumed(n);
        if (n == 0) {
          break;
        }
      }
      transport.flush();
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
    if (connectFuture != null || transport.isConnected()) {
      throw new IllegalStateException("already connected or connecting");
    }
    CompletableFuture<IOStream> future = new CompletableFuture<>();
    connectFuture = future;
    try {
      if (transport.connect(address, serverHostname)) {
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

  /** Once connected, completes the connect, or lets the transport's handshake run first. */
  private void finishConnect() {
    try {
      if (!transport.finishConnect()) {
        return;
      }
    } catch (IOException e) {
      closeWithError(e);
      return;
    }
    if (closed) {
      return;
    }
    if (transport.ready()) {
      completeConnect();
    } else {
      updateInterest();
    }
  }

  private void completeConnect() {
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

  private boolean connecting() {
    return connectFuture != null && transport.connectionPending();
  }

  // ---------------------------------------------------------------- events

  /**
   * The transport reports ready {@code events} (or, with none, that its handshake may go on).
   * Connect, then handshake, then reads, then writes.
   */
  void handleEvents(int events) {
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
    if (!transport.ready() && !advanceHandshake()) {
      return;
    }
    if ((events & IOLoop.READ) != 0 || transport.hasBufferedInput()) {
      reader.onReadable();
    }
    if (!closed && ((events & IOLoop.WRITE) != 0 || writeQueue.hasData())) {
      flushWrites();
    }
    if (!closed) {
      updateInterest();
    }
  }

  /** Drives the transport's handshake; true when it is done and normal I/O may go on now. */
  private boolean advanceHandshake() {
    if (!transport.advanceHandshake()) {
      updateInterest();
      return false;
    }
    if (!closed) {
      completeConnect();
    }
    if (!closed) {
      reader.resume();
    }
    return !closed;
  }

  /** Tells the transport which events the stream waits for now. */
  void updateInterest() {
    if (!closed) {
      transport.setInterest(wantedEvents());
    }
  }

  private int wantedEvents() {
    if (connecting()) {
      return IOLoop.WRITE;
    }
    if (!transport.ready()) {
      return transport.handshakeEvents();
    }
    int events = IOLoop.NONE;
    if (reader.wantsInput(closeCallback != null)) {
      events |= IOLoop.READ;
    }
    if (writeQueue.hasData() || transport.hasPendingOutput()) {
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
    if (cause == null && writeQueue.hasData() && connectFuture == null && transport.ready()) {
      // An orderly close first sends what the socket takes now (never waits): a batched answer
      // written just before the close still goes out.
      flushWrites();
      if (closed) {
        return;
      }
    }
    if (cause != null && error == null) {
      error = cause;
      GEN_LOG.debug("closing {} after: {}", this, cause.toString());
    }
    closed = true;
    reader.satisfyFromBuffer();
    transport.close();
    reader.finishAtClose();
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
    transport.unregister();
    closeCallback = null;
    notifyClosed();
    return transport.channel();
  }

  private void checkIdle(String what) {
    if (!reader.idle() || writeQueue.hasData() || connectFuture != null || closed) {
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
    transport.unregister();
    SSLIOStream tls =
        new SSLIOStream(transport.channel(), this.options, options, serverSide, serverHostname);
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

  /** {@link #complete(CompletableFuture, Object)} for a read answered by a callback. */
  <T> void complete(BiConsumer<? super T, Throwable> callback, T value) {
    boolean deferred =
        ++inlineCompletions > MAX_INLINE_COMPLETIONS
            && loop.addCallback(
                () -> {
                  inlineCompletions = 0;
                  callback.accept(value, null);
                });
    if (!deferred) {
      callback.accept(value, null);
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + remoteAddress() + (closed ? ", closed" : "") + "]";
  }
}
