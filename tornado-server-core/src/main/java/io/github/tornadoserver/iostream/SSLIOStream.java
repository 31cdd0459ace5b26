package io.github.tornadoserver.iostream;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.tls.SSLOptions;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * An {@link IOStream} that speaks TLS through an {@link SSLEngine}, Tornado's {@code SSLIOStream}.
 *
 * <p>Lifecycle: created over a connected channel (server side, or a client that is already
 * connected), the handshake starts at once; created over an unconnected channel, it starts once
 * {@link #connect} has connected. Reads and writes issued before the handshake finishes wait for
 * it. {@link #waitForHandshake()} completes when it is done.
 *
 * <p>A handshake that fails (a port scanner, a plain-text client, an unknown CA, a host name
 * mismatch) closes the stream with the {@link SSLException} as {@link #error()} and one INFO line
 * on {@code tornado.general}, never a stack trace. An EOF or reset during the handshake closes
 * quietly.
 */
public final class SSLIOStream extends IOStream {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final SSLOptions sslOptions;
  private final boolean serverSide;
  private String serverHostname;
  private SSLEngine engine;
  private ByteBuffer netIn;
  private ByteBuffer netOut;
  private ByteBuffer appIn;
  private boolean handshakeDone;
  private int handshakeEvents = IOLoop.NONE;
  private CompletableFuture<SSLIOStream> handshakeFuture;
  private boolean handshakeWaiter;

  /**
   * A TLS stream with default buffer limits.
   *
   * @param serverSide true for the accepting side
   */
  public SSLIOStream(SocketChannel channel, SSLOptions sslOptions, boolean serverSide) {
    this(channel, StreamOptions.defaults(), sslOptions, serverSide, null);
  }

  /**
   * A TLS stream over {@code channel}.
   *
   * @param serverHostname client side: the name sent as SNI and checked against the certificate
   *     (may also be given to {@link #connect})
   */
  public SSLIOStream(
      SocketChannel channel,
      StreamOptions options,
      SSLOptions sslOptions,
      boolean serverSide,
      String serverHostname) {
    super(channel, options);
    this.sslOptions = Objects.requireNonNull(sslOptions, "sslOptions");
    this.serverSide = serverSide;
    this.serverHostname = serverHostname;
    if (channel.isConnected()) {
      startHandshake();
    }
  }

  /**
   * Completes with this stream when the handshake is done (at once if it already is); fails with
   * {@link StreamClosedException} if the stream closes first.
   *
   * @throws IllegalStateException "Already waiting" when called again while the first wait is
   *     pending
   */
  public CompletableFuture<SSLIOStream> waitForHandshake() {
    loop.checkThread();
    if (handshakeDone) {
      return CompletableFuture.completedFuture(this);
    }
    if (closed()) {
      return CompletableFuture.failedFuture(new StreamClosedException(error()));
    }
    if (handshakeWaiter) {
      throw new IllegalStateException("Already waiting");
    }
    handshakeWaiter = true;
    return handshakeFuture();
  }

  /** The TLS session (before the handshake completes, a session still being negotiated). */
  public SSLSession session() {
    return engine == null ? null : engine.getSession();
  }

  /** The peer's certificate chain, or an empty list when the peer sent none. */
  public List<Certificate> peerCertificates() {
    if (engine == null || !handshakeDone) {
      return List.of();
    }
    try {
      return List.of(engine.getSession().getPeerCertificates());
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }

  private CompletableFuture<SSLIOStream> handshakeFuture() {
    if (handshakeFuture == null) {
      handshakeFuture = new CompletableFuture<>();
    }
    return handshakeFuture;
  }

  // ---------------------------------------------------------------- handshake

  @Override
  void beforeConnect(String hostname) {
    if (hostname != null) {
      this.serverHostname = hostname;
    }
  }

  @Override
  void afterConnect() {
    startHandshake();
  }

  /**
   * Creates the engine and waits for the loop to take the first step: WRITE is ready at once on a
   * connected socket, so the step runs in the next iteration. Doing no I/O here means a stream is
   * never handed to its owner already closed.
   */
  private void startHandshake() {
    SocketAddress remote = remoteAddress();
    InetSocketAddress peer =
        remote instanceof InetSocketAddress ? (InetSocketAddress) remote : null;
    try {
      engine = sslOptions.createEngine(serverSide, serverHostname, peer);
      SSLSession session = engine.getSession();
      netIn = ByteBuffer.allocate(session.getPacketBufferSize());
      netOut = ByteBuffer.allocate(session.getPacketBufferSize());
      appIn = ByteBuffer.allocate(session.getApplicationBufferSize());
      engine.beginHandshake();
    } catch (SSLException | RuntimeException e) {
      handshakeFailed(e);
      return;
    }
    handshakeEvents = IOLoop.WRITE;
    updateInterest();
  }

  @Override
  boolean continueHandshake() {
    try {
      if (!stepHandshake()) {
        updateInterest();
        return false;
      }
    } catch (IOException | RuntimeException e) {
      handshakeFailed(e);
      return false;
    }
    handshakeDone = true;
    handshakeEvents = IOLoop.NONE;
    notifyHandshake(true);
    if (handshakeFuture != null) {
      complete(handshakeFuture, this);
    }
    completeConnect();
    if (!closed()) {
      resumeAfterHandshake();
    }
    return !closed();
  }

  /** Advances the handshake as far as the socket allows; true once it is finished. */
  private boolean stepHandshake() throws IOException {
    while (true) {
      if (!flushNetOut()) {
        handshakeEvents = IOLoop.WRITE;
        return false;
      }
      HandshakeStatus status = engine.getHandshakeStatus();
      switch (status) {
        case NEED_WRAP:
          wrap(EMPTY);
          break;
        case NEED_UNWRAP:
        case NEED_UNWRAP_AGAIN:
          if (!unwrapHandshake()) {
            handshakeEvents = IOLoop.READ;
            return false;
          }
          break;
        case NEED_TASK:
          runDelegatedTasks();
          break;
        default:
          return true;
      }
    }
  }

  /** One handshake unwrap; false when more bytes are needed and the socket has none now. */
  private boolean unwrapHandshake() throws IOException {
    netIn.flip();
    SSLEngineResult result;
    try {
      result = engine.unwrap(netIn, scratchForHandshake());
    } finally {
      netIn.compact();
    }
    if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
      throw new EOFException("TLS peer closed during handshake");
    }
    if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
        || (result.bytesConsumed() == 0 && result.bytesProduced() == 0)) {
      int n = readNet();
      if (n < 0) {
        throw new EOFException("EOF during TLS handshake");
      }
      return n > 0;
    }
    return true;
  }

  private ByteBuffer handshakeScratch;

  /** Handshake unwraps produce no application data; a small reused buffer takes any anyway. */
  private ByteBuffer scratchForHandshake() {
    int size = engine.getSession().getApplicationBufferSize();
    if (handshakeScratch == null || handshakeScratch.capacity() < size) {
      handshakeScratch = ByteBuffer.allocate(size);
    }
    handshakeScratch.clear();
    return handshakeScratch;
  }

  private void runDelegatedTasks() {
    Runnable task;
    while ((task = engine.getDelegatedTask()) != null) {
      task.run();
    }
  }

  private void handshakeFailed(Throwable e) {
    if (e instanceof SSLException) {
      GEN_LOG.info("TLS handshake with {} failed: {}", remoteAddress(), e.getMessage());
    } else {
      GEN_LOG.debug("TLS handshake with {} ended: {}", remoteAddress(), e.toString());
    }
    closeWithError(e);
  }

  private void notifyHandshake(boolean success) {
    StreamObserver observer = observer();
    if (observer != null) {
      observer.handshakeFinished(this, success);
    }
  }

  @Override
  void closeWithError(Throwable cause) {
    boolean wasClosed = closed();
    if (!wasClosed && !handshakeDone && engine != null) {
      notifyHandshake(false);
    }
    super.closeWithError(cause);
    if (!wasClosed && handshakeFuture != null && !handshakeFuture.isDone()) {
      handshakeFuture.completeExceptionally(new StreamClosedException(error()));
    }
  }

  // ---------------------------------------------------------------- transport

  @Override
  boolean handshaking() {
    return !handshakeDone;
  }

  @Override
  int transportEvents() {
    if (handshakeDone) {
      return -1;
    }
    return engine == null ? IOLoop.NONE : handshakeEvents;
  }

  @Override
  boolean transportHasBufferedInput() {
    return handshakeDone && (netIn.position() > 0 || appIn.position() > 0);
  }

  @Override
  boolean transportWantsWrite() {
    return netOut != null && netOut.position() > 0;
  }

  /**
   * Decrypted bytes land in {@code appIn} first (one whole TLS record may hold 16 KiB), and only as
   * many as {@code dst} has room for are handed out, so the stream's read chunk and buffer limits
   * hold for TLS as they do for plain TCP.
   */
  @Override
  int transportRead(ByteBuffer dst) throws IOException {
    if (!handshakeDone) {
      return 0;
    }
    if (appIn.position() == 0) {
      int decrypted = decryptRecords();
      if (decrypted <= 0) {
        return decrypted;
      }
    }
    appIn.flip();
    int n = Math.min(appIn.remaining(), dst.remaining());
    ByteBuffer slice = appIn.duplicate();
    slice.limit(slice.position() + n);
    dst.put(slice);
    appIn.position(appIn.position() + n);
    appIn.compact();
    return n;
  }

  /**
   * Unwraps into the empty {@code appIn} until it holds data: the count, 0 for none now, -1 EOF.
   */
  private int decryptRecords() throws IOException {
    while (true) {
      if (netIn.position() > 0) {
        netIn.flip();
        SSLEngineResult result;
        try {
          result = engine.unwrap(netIn, appIn);
        } finally {
          netIn.compact();
        }
        afterPostHandshakeStep(result);
        int produced = appIn.position();
        switch (result.getStatus()) {
          case CLOSED:
            return produced > 0 ? produced : -1;
          case BUFFER_OVERFLOW:
            if (produced > 0) {
              return produced;
            }
            appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
            continue;
          case OK:
            if (produced > 0) {
              return produced;
            }
            if (result.bytesConsumed() > 0) {
              continue;
            }
            break;
          default:
            break;
        }
      }
      int n = readNet();
      if (n <= 0) {
        return n;
      }
    }
  }

  private static ByteBuffer grow(ByteBuffer buffer, int atLeast) {
    ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, atLeast));
    buffer.flip();
    bigger.put(buffer);
    return bigger;
  }

  /** TLS 1.3 key updates and session tickets may need a wrap or a task after an unwrap. */
  private void afterPostHandshakeStep(SSLEngineResult result) throws IOException {
    HandshakeStatus status = result.getHandshakeStatus();
    if (status == HandshakeStatus.NEED_TASK) {
      runDelegatedTasks();
      status = engine.getHandshakeStatus();
    }
    if (status == HandshakeStatus.NEED_WRAP) {
      wrap(EMPTY);
      flushNetOut();
    }
  }

  @Override
  long transportWrite(ByteBuffer[] buffers, int count) throws IOException {
    if (!handshakeDone || !flushNetOut()) {
      return 0;
    }
    long consumed = 0;
    while (true) {
      SSLEngineResult result = engine.wrap(buffers, 0, count, netOut);
      if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
        throw new SSLException("TLS engine closed for writing");
      }
      consumed += result.bytesConsumed();
      if (!flushNetOut() || result.bytesConsumed() == 0 || !anyRemaining(buffers, count)) {
        return consumed;
      }
    }
  }

  private static boolean anyRemaining(ByteBuffer[] buffers, int count) {
    for (int i = 0; i < count; i++) {
      if (buffers[i].hasRemaining()) {
        return true;
      }
    }
    return false;
  }

  @Override
  void flushTransport() throws IOException {
    flushNetOut();
  }

  private void wrap(ByteBuffer src) throws IOException {
    SSLEngineResult result = engine.wrap(src, netOut);
    if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
      throw new SSLException("TLS record larger than the packet buffer");
    }
  }

  /** Writes buffered TLS records; true when none are left. */
  private boolean flushNetOut() throws IOException {
    if (netOut.position() == 0) {
      return true;
    }
    netOut.flip();
    try {
      bytesSent += channel.write(netOut);
    } finally {
      netOut.compact();
    }
    return netOut.position() == 0;
  }

  /** Reads TLS records from the socket: the count, 0 for none now, -1 at EOF. */
  private int readNet() throws IOException {
    if (!netIn.hasRemaining()) {
      netIn = grow(netIn, netIn.capacity() * 2);
    }
    int n = channel.read(netIn);
    bytesReceived += Math.max(n, 0);
    return n;
  }

  @Override
  void transportClose() {
    if (engine != null && handshakeDone && !engine.isOutboundDone()) {
      try {
        engine.closeOutbound();
        wrap(EMPTY);
        flushNetOut();
      } catch (IOException | RuntimeException e) {
        GEN_LOG.debug("no TLS close_notify sent to {}: {}", remoteAddress(), e.toString());
      }
    }
    super.transportClose();
  }
}
