package io.github.tornadoserver.iostream;

import io.github.tornadoserver.ioloop.IOLoop;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Where the bytes of an {@link IOStream} go: a socket ({@link SocketTransport}), TLS over another
 * transport ({@link TlsTransport}), or memory for tests ({@link MemoryTransport}). The stream keeps
 * the buffers, the pending read, the write queue and the futures; a transport only moves bytes,
 * reports readiness, and runs whatever handshake it needs.
 *
 * <p>Lifecycle: {@link #attach} once, from the stream's constructor; then any number of {@link
 * #setInterest}, reads and writes; then either {@link #close} (the stream closed) or {@link
 * #unregister} alone (the stream was detached and someone else owns the connection).
 *
 * <p>Threading: every method is called on the stream's loop thread, and a transport calls the
 * stream back only there.
 */
interface Transport {

  /** Binds this transport to the stream it serves; events and handshake results go to it. */
  void attach(IOStream stream);

  /**
   * Asks for the stream's {@code handleEvents} to be called when any of {@code events} ({@code
   * IOLoop.READ}, {@code IOLoop.WRITE}) is ready; 0 asks for none. Level-triggered: while an event
   * stays ready and wanted, it is reported again in every loop iteration.
   */
  void setInterest(int events);

  /** Stops reporting events, without closing anything. */
  void unregister();

  /** Reads application bytes into {@code dst}: the count, 0 when there are none now, -1 at EOF. */
  int read(ByteBuffer dst) throws IOException;

  /** Writes application bytes from {@code src[0..count)}; returns how many were taken. */
  long write(ByteBuffer[] src, int count) throws IOException;

  /**
   * Pushes out bytes the transport itself holds (TLS records); true when none are left. A transport
   * that holds none has none to push.
   */
  default boolean flush() throws IOException {
    return true;
  }

  /** Whether the transport itself has bytes waiting to be sent; never, by default. */
  default boolean hasPendingOutput() {
    return false;
  }

  /** Whether a read can make progress without the socket being ready (bytes held inside). */
  boolean hasBufferedInput();

  /**
   * False while a handshake runs: the stream's reads and writes wait for it. A transport without a
   * handshake is always ready.
   */
  default boolean ready() {
    return true;
  }

  /** The events the running handshake waits for ({@code IOLoop.NONE} while it waits for none). */
  default int handshakeEvents() {
    return IOLoop.NONE;
  }

  /**
   * Advances the running handshake as far as it can go now; true once it is done. On failure the
   * transport closes the stream with the cause and returns false. Without a handshake: done.
   */
  default boolean advanceHandshake() {
    return true;
  }

  /**
   * Starts connecting to {@code address}: true when connected at once, false when {@link
   * #finishConnect} must be called once the socket is writable.
   *
   * @param serverHostname the name a TLS client sends and verifies, or null
   */
  boolean connect(SocketAddress address, String serverHostname) throws IOException;

  /**
   * Completes a connect begun by {@link #connect}: true once connected (a TLS handshake then
   * starts), false while still pending.
   */
  boolean finishConnect() throws IOException;

  /** Whether a connect was begun and has not completed yet. */
  boolean connectionPending();

  /** Whether the transport is connected to its peer. */
  boolean isConnected();

  /** The peer's address, or null. */
  SocketAddress remoteAddress();

  /** Sets {@code TCP_NODELAY} where the transport has such a thing. */
  void setNodelay(boolean nodelay);

  /** The socket underneath, or null for a transport without one. */
  SocketChannel channel();

  /** Bytes read from the wire so far (for TLS the records, handshake included). */
  long bytesReceived();

  /** Bytes handed to the wire so far, counted as {@link #bytesReceived()} is. */
  long bytesSent();

  /**
   * Unregisters and closes: a TLS transport first sends its {@code close_notify} when the handshake
   * is done, and reports a handshake cut short to the stream. Idempotent.
   */
  void close();
}
