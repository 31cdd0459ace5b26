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
 * TLS through an {@link SSLEngine} over another transport (the wire): application bytes are wrapped
 * into records on the way out and unwrapped on the way in.
 *
 * <p>The handshake is a {@link Handshake} state, in order: {@code NOT_STARTED} (the wire is not
 * connected yet), {@code IN_PROGRESS} (wrapping and unwrapping, waiting for the wire when it has
 * to), {@code WAITING_FOR_TASK} (the engine's delegated tasks run on the loop's executor, never on
 * the loop thread; the loop goes on serving other connections and resumes this handshake when they
 * are done), {@code DONE}, and {@code CLOSED} from any state. A TLS 1.3 post-handshake message that
 * needs a task moves {@code DONE} back to {@code WAITING_FOR_TASK} for as long as it runs. Reads
 * and writes of the stream wait while the state is not {@code DONE}.
 */
final class TlsTransport implements Transport {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  /** How many full records a write wraps before it hands them to the wire in one call. */
  static final int RECORDS_PER_WRITE = 4;

  /** Where the handshake stands; each step is checked against {@link #canMoveTo}. */
  enum Handshake {
    NOT_STARTED,
    IN_PROGRESS,
    WAITING_FOR_TASK,
    DONE,
    CLOSED;

    boolean canMoveTo(Handshake next) {
      return switch (this) {
        case NOT_STARTED -> next == IN_PROGRESS || next == CLOSED;
        case IN_PROGRESS -> next == WAITING_FOR_TASK || next == DONE || next == CLOSED;
        case WAITING_FOR_TASK -> next == IN_PROGRESS || next == CLOSED;
        case DONE -> next == WAITING_FOR_TASK || next == CLOSED;
        case CLOSED -> false;
      };
    }
  }

  private final Transport wire;
  private final SSLOptions sslOptions;
  private final boolean serverSide;
  private final ByteBuffer[] record = new ByteBuffer[1];
  private String serverHostname;
  private IOStream stream;
  private SSLEngine engine;
  // Records read and not yet unwrapped, records wrapped and not yet written, and decrypted bytes
  // not yet read: each is borrowed from the loop's TLS pool while it holds bytes and given back
  // once empty, so an idle connection holds none of them.
  private ByteBuffer netIn;
  private ByteBuffer netOut;
  private ByteBuffer appIn;
  private int packetSize;
  private int bufferSize;
  private long recordWrites;
  private ArrayPool pool;
  private Handshake state = Handshake.NOT_STARTED;
  private int handshakeEvents = IOLoop.NONE;
  private boolean established;
  // The peer's certificates as last read, and the session they were read from.
  private SSLSession certificatesSession;
  private List<Certificate> certificates = List.of();
  private SSLIOStream waiter;
  private CompletableFuture<SSLIOStream> handshakeFuture;

  TlsTransport(Transport wire, SSLOptions sslOptions, boolean serverSide, String serverHostname) {
    this.wire = Objects.requireNonNull(wire, "wire");
    this.sslOptions = Objects.requireNonNull(sslOptions, "sslOptions");
    this.serverSide = serverSide;
    this.serverHostname = serverHostname;
  }

  /** The handshake state (for tests and diagnostics). */
  Handshake handshakeState() {
    return state;
  }

  /** How many of the record and plaintext buffers this connection holds now (for tests). */
  int heldBuffers() {
    return (netIn == null ? 0 : 1) + (netOut == null ? 0 : 1) + (appIn == null ? 0 : 1);
  }

  /** How many times records were handed to the wire (for tests). */
  long recordWrites() {
    return recordWrites;
  }

  private void moveTo(Handshake next) {
    if (!state.canMoveTo(next)) {
      throw new IllegalStateException("TLS handshake cannot go from " + state + " to " + next);
    }
    state = next;
  }

  @Override
  public void attach(IOStream owner) {
    this.stream = owner;
    wire.attach(owner);
    if (wire.isConnected()) {
      start();
    }
  }

  // ---------------------------------------------------------------- handshake

  /**
   * Creates the engine and waits for the loop to take the first step: WRITE is ready at once on a
   * connected socket, so the step runs in the next iteration. Doing no I/O here means a stream is
   * never handed to its owner already closed.
   */
  private void start() {
    SocketAddress remote = wire.remoteAddress();
    InetSocketAddress peer = remote instanceof InetSocketAddress inet ? inet : null;
    try {
      engine = sslOptions.createEngine(serverSide, serverHostname, peer);
      moveTo(Handshake.IN_PROGRESS);
      SSLSession session = engine.getSession();
      packetSize = session.getPacketBufferSize();
      // Room for several records, so that a bulk write wraps them all before one write call.
      bufferSize =
          Math.max(RECORDS_PER_WRITE * packetSize, session.getApplicationBufferSize() + packetSize);
      engine.beginHandshake();
    } catch (SSLException | RuntimeException e) {
      failed(e);
      return;
    }
    handshakeEvents = IOLoop.WRITE;
    stream.updateInterest();
  }

  @Override
  public boolean ready() {
    return state == Handshake.DONE;
  }

  @Override
  public int handshakeEvents() {
    return state == Handshake.IN_PROGRESS ? handshakeEvents : IOLoop.NONE;
  }

  @Override
  public boolean advanceHandshake() {
    if (state != Handshake.IN_PROGRESS) {
      return state == Handshake.DONE;
    }
    try {
      if (!step()) {
        return false;
      }
    } catch (IOException | RuntimeException e) {
      failed(e);
      return false;
    }
    moveTo(Handshake.DONE);
    handshakeEvents = IOLoop.NONE;
    if (!established) {
      established = true;
      stream.handshakeFinished(true);
      if (handshakeFuture != null) {
        stream.complete(handshakeFuture, waiter);
      }
    }
    return true;
  }

  /** Advances the handshake as far as the wire allows; true once it is finished. */
  private boolean step() throws IOException {
    while (true) {
      if (!flushRecords()) {
        handshakeEvents = IOLoop.WRITE;
        return false;
      }
      switch (engine.getHandshakeStatus()) {
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
          runTasksElsewhere();
          return false;
        default:
          return true;
      }
    }
  }

  /** One handshake unwrap; false when more bytes are needed and the wire has none now. */
  private boolean unwrapHandshake() throws IOException {
    if (netIn != null) {
      // Handshake unwraps produce no application data; a borrowed buffer takes any anyway.
      ByteBuffer scratch = borrow();
      SSLEngineResult result;
      try {
        result = unwrap(scratch);
      } finally {
        pool().give(scratch.array());
      }
      if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
        throw new EOFException("TLS peer closed during handshake");
      }
      if (result.getStatus() != SSLEngineResult.Status.BUFFER_UNDERFLOW
          && (result.bytesConsumed() > 0 || result.bytesProduced() > 0)) {
        return true;
      }
    }
    int n = readNet();
    if (n < 0) {
      throw new EOFException("EOF during TLS handshake");
    }
    return n > 0;
  }

  /** One unwrap of the records in {@code netIn} into {@code dst}; gives back an emptied netIn. */
  private SSLEngineResult unwrap(ByteBuffer dst) throws SSLException {
    netIn.flip();
    try {
      return engine.unwrap(netIn, dst);
    } finally {
      netIn.compact();
      if (netIn.position() == 0) {
        netIn = release(netIn);
      }
    }
  }

  private ArrayPool pool() {
    if (pool == null) {
      pool = ArrayPool.forTls(stream.ioLoop());
    }
    return pool;
  }

  /** An empty buffer from the loop's TLS pool. */
  private ByteBuffer borrow() {
    return ByteBuffer.wrap(pool().take(bufferSize));
  }

  /** Gives {@code buffer}'s array back to the loop's TLS pool; returns null for the field. */
  private ByteBuffer release(ByteBuffer buffer) {
    pool().give(buffer.array());
    return null;
  }

  /**
   * Runs the engine's delegated tasks (certificate checks, key agreement: milliseconds of CPU) on
   * the loop's default executor, so the loop keeps serving its other connections meanwhile; the
   * engine is not touched on the loop thread until they are done.
   */
  private void runTasksElsewhere() {
    moveTo(Handshake.WAITING_FOR_TASK);
    handshakeEvents = IOLoop.NONE;
    SSLEngine tasks = engine;
    try {
      stream
          .ioLoop()
          .runInExecutor(null, () -> runDelegatedTasks(tasks))
          .whenComplete((ignored, error) -> taskFinished(error));
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  private static Void runDelegatedTasks(SSLEngine engine) {
    Runnable task;
    while ((task = engine.getDelegatedTask()) != null) {
      task.run();
    }
    return null;
  }

  /**
   * Back on the loop once the tasks ran. A loop closed meanwhile completes the future on another
   * thread, and a stream closed meanwhile has left {@code WAITING_FOR_TASK}: both are ignored.
   */
  private void taskFinished(Throwable error) {
    if (!stream.ioLoop().inLoopThread() || state != Handshake.WAITING_FOR_TASK) {
      return;
    }
    if (error != null) {
      failed(error);
      return;
    }
    moveTo(Handshake.IN_PROGRESS);
    stream.handleEvents(IOLoop.NONE);
  }

  private void failed(Throwable e) {
    if (e instanceof SSLException) {
      IOStream.GEN_LOG.info("TLS handshake with {} failed: {}", remoteAddress(), e.getMessage());
    } else {
      IOStream.GEN_LOG.debug("TLS handshake with {} ended: {}", remoteAddress(), e.toString());
    }
    stream.closeWithError(e);
  }

  /**
   * Completes with {@code self} when the handshake is done (at once if it already is).
   *
   * @throws IllegalStateException "Already waiting" while an earlier wait is pending
   */
  CompletableFuture<SSLIOStream> waitForHandshake(SSLIOStream self) {
    if (established) {
      return CompletableFuture.completedFuture(self);
    }
    if (stream.closed()) {
      return CompletableFuture.failedFuture(new StreamClosedException(stream.error()));
    }
    if (handshakeFuture != null) {
      throw new IllegalStateException("Already waiting");
    }
    waiter = self;
    handshakeFuture = new CompletableFuture<>();
    return handshakeFuture;
  }

  /** The TLS session (before the handshake completes, a session still being negotiated). */
  SSLSession session() {
    return engine == null ? null : engine.getSession();
  }

  /**
   * The peer's certificate chain, or an empty list when the peer sent none. Read once per session:
   * an HTTP server asks for every request, and a session without client certificates answers by
   * throwing, which costs more than the rest of a small request.
   */
  List<Certificate> peerCertificates() {
    if (engine == null || !established) {
      return List.of();
    }
    SSLSession session = engine.getSession();
    if (session != certificatesSession) {
      certificates = certificatesOf(session);
      certificatesSession = session;
    }
    return certificates;
  }

  private static List<Certificate> certificatesOf(SSLSession session) {
    try {
      return List.of(session.getPeerCertificates());
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }

  // ---------------------------------------------------------------- data

  @Override
  public boolean hasBufferedInput() {
    return state == Handshake.DONE
        && ((netIn != null && netIn.position() > 0) || (appIn != null && appIn.position() > 0));
  }

  @Override
  public boolean hasPendingOutput() {
    return netOut != null && netOut.position() > 0;
  }

  /**
   * Decrypted bytes land in {@code appIn} first (one whole TLS record may hold 16 KiB), and only as
   * many as {@code dst} has room for are handed out, so the stream's read chunk and buffer limits
   * hold for TLS as they do for plain TCP.
   */
  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (state != Handshake.DONE) {
      return 0;
    }
    if (appIn == null || appIn.position() == 0) {
      int decrypted = decryptRecords();
      if (decrypted <= 0) {
        if (appIn != null && appIn.position() == 0) {
          appIn = release(appIn);
        }
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
    if (appIn.position() == 0) {
      appIn = release(appIn);
    }
    return n;
  }

  /**
   * Unwraps into the empty {@code appIn} until it holds data: the count, 0 for none now, -1 EOF.
   */
  private int decryptRecords() throws IOException {
    while (true) {
      if (netIn != null) {
        if (appIn == null) {
          appIn = borrow();
        }
        SSLEngineResult result = unwrap(appIn);
        afterPostHandshakeStep(result);
        int produced = appIn.position();
        if (state != Handshake.DONE) {
          return produced;
        }
        switch (result.getStatus()) {
          case CLOSED:
            return produced > 0 ? produced : -1;
          case BUFFER_OVERFLOW:
            if (produced > 0) {
              return produced;
            }
            appIn = grow(appIn, engine.getSession().getApplicationBufferSize() + appIn.capacity());
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
      runTasksElsewhere();
    } else if (status == HandshakeStatus.NEED_WRAP) {
      wrap(EMPTY);
      flushRecords();
    }
  }

  @Override
  public long write(ByteBuffer[] src, int count) throws IOException {
    if (state != Handshake.DONE || !flushRecords()) {
      return 0;
    }
    long consumed = 0;
    while (true) {
      ByteBuffer out = netOut();
      boolean wasEmpty = out.position() == 0;
      SSLEngineResult result = engine.wrap(src, 0, count, out);
      SSLEngineResult.Status status = result.getStatus();
      if (status == SSLEngineResult.Status.CLOSED) {
        throw new SSLException("TLS engine closed for writing");
      }
      if (status == SSLEngineResult.Status.BUFFER_OVERFLOW && wasEmpty) {
        throw new SSLException("TLS record larger than the write buffer of " + bufferSize);
      }
      consumed += result.bytesConsumed();
      boolean more = anyRemaining(src, count);
      boolean full =
          status == SSLEngineResult.Status.BUFFER_OVERFLOW || out.remaining() < packetSize;
      // Records pile up in netOut until it cannot take another, then go out in one write.
      if (more && !full && result.bytesConsumed() > 0) {
        continue;
      }
      if (!flushRecords() || !more) {
        return consumed;
      }
      if (result.bytesConsumed() == 0 && status != SSLEngineResult.Status.BUFFER_OVERFLOW) {
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
  public boolean flush() throws IOException {
    return flushRecords();
  }

  private ByteBuffer netOut() {
    if (netOut == null) {
      netOut = borrow();
    }
    return netOut;
  }

  private void wrap(ByteBuffer src) throws IOException {
    SSLEngineResult result = engine.wrap(src, netOut());
    if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
      throw new SSLException("TLS record larger than the packet buffer");
    }
  }

  /** Writes buffered TLS records to the wire; true when none are left (netOut given back). */
  private boolean flushRecords() throws IOException {
    if (netOut == null) {
      return true;
    }
    if (netOut.position() > 0) {
      netOut.flip();
      record[0] = netOut;
      recordWrites++;
      try {
        wire.write(record, 1);
      } finally {
        record[0] = null;
        netOut.compact();
      }
    }
    if (netOut.position() > 0) {
      return false;
    }
    netOut = release(netOut);
    return true;
  }

  /** Reads TLS records from the wire: the count, 0 for none now, -1 at EOF. */
  private int readNet() throws IOException {
    if (netIn == null) {
      netIn = borrow();
    } else if (!netIn.hasRemaining()) {
      netIn = grow(netIn, netIn.capacity() * 2);
    }
    int n = wire.read(netIn);
    if (netIn.position() == 0) {
      netIn = release(netIn);
    }
    return n;
  }

  // ---------------------------------------------------------------- connection

  @Override
  public boolean connect(SocketAddress address, String hostname) throws IOException {
    if (hostname != null) {
      this.serverHostname = hostname;
    }
    return wire.connect(address, hostname);
  }

  @Override
  public boolean finishConnect() throws IOException {
    if (!wire.finishConnect()) {
      return false;
    }
    start();
    return true;
  }

  @Override
  public boolean connectionPending() {
    return wire.connectionPending();
  }

  @Override
  public boolean isConnected() {
    return wire.isConnected();
  }

  @Override
  public SocketAddress remoteAddress() {
    return wire.remoteAddress();
  }

  @Override
  public void setNodelay(boolean nodelay) {
    wire.setNodelay(nodelay);
  }

  @Override
  public SocketChannel channel() {
    return wire.channel();
  }

  @Override
  public long bytesReceived() {
    return wire.bytesReceived();
  }

  @Override
  public long bytesSent() {
    return wire.bytesSent();
  }

  @Override
  public void setInterest(int events) {
    wire.setInterest(events);
  }

  @Override
  public void unregister() {
    wire.unregister();
  }

  /**
   * Sends {@code close_notify} after a finished handshake; reports a handshake cut short to the
   * stream's observer and fails a pending {@link #waitForHandshake}.
   */
  @Override
  public void close() {
    if (state == Handshake.CLOSED) {
      return;
    }
    Handshake was = state;
    moveTo(Handshake.CLOSED);
    if (was == Handshake.DONE && !engine.isOutboundDone()) {
      sendCloseNotify();
    }
    wire.close();
    if (!established && was != Handshake.NOT_STARTED) {
      stream.handshakeFinished(false);
    }
    if (handshakeFuture != null && !handshakeFuture.isDone()) {
      handshakeFuture.completeExceptionally(new StreamClosedException(stream.error()));
    }
  }

  private void sendCloseNotify() {
    try {
      engine.closeOutbound();
      wrap(EMPTY);
      flushRecords();
    } catch (IOException | RuntimeException e) {
      IOStream.GEN_LOG.debug("no TLS close_notify sent to {}: {}", remoteAddress(), e.toString());
    }
  }
}
