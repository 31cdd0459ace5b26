package io.github.tornadoserver.iostream;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.ioloop.LoopLocal;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * A plain {@link SocketChannel} (TCP or Unix domain) under a stream: registered with the stream's
 * loop only while the stream wants an event, and counting the bytes that cross it.
 */
final class SocketTransport implements Transport {
  /**
   * The size of each loop's transfer buffer: the most bytes one write copies into it (more go to
   * the JDK whole), and the most one read into a heap buffer takes.
   */
  static final int TRANSFER_SIZE = 64 * 1024;

  /**
   * Each loop's direct buffer for the socket reads and writes of heap buffers (a TLS stream's
   * records). The JDK copies through a direct buffer for each of those anyway, taking it from (and
   * giving it back to) a per-thread cache; a buffer of the loop's own skips that cache, and several
   * buffers go out in one write(2) instead of a writev(2) with a direct copy of each. Its use
   * begins and ends within one read or write. It is not the loop's read scratch buffer, which a TLS
   * read may still be filling when that read reads the socket or writes a record.
   */
  private static final LoopLocal<ByteBuffer> TRANSFER =
      LoopLocal.withInitial(() -> ByteBuffer.allocateDirect(TRANSFER_SIZE));

  private final SocketChannel channel;
  private final SocketAddress peer;
  private ByteBuffer received;
  private IOLoop loop;
  private IOLoop.Handler handler;
  private boolean registered;
  private int interest;
  private long bytesReceived;
  private long bytesSent;

  /**
   * @throws IllegalArgumentException when the channel cannot be made non-blocking
   */
  SocketTransport(SocketChannel channel) {
    this(channel, null, null);
  }

  /**
   * A transport whose first bytes were already read from {@code channel}.
   *
   * @param received bytes read before this transport existed (after a PROXY protocol header), read
   *     before the socket; may be null
   * @param peer the address to report as the peer's instead of the socket's (the client a proxy
   *     spoke for); may be null
   * @throws IllegalArgumentException when the channel cannot be made non-blocking
   */
  SocketTransport(SocketChannel channel, ByteBuffer received, SocketAddress peer) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.peer = peer;
    if (received != null && received.hasRemaining()) {
      this.received = received;
      this.bytesReceived = received.remaining();
    }
    try {
      channel.configureBlocking(false);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot make " + channel + " non-blocking", e);
    }
  }

  @Override
  public void attach(IOStream stream) {
    this.loop = stream.ioLoop();
    this.handler = (SelectableChannel ignored, int events) -> stream.handleEvents(events);
  }

  @Override
  public void setInterest(int events) {
    if (!registered) {
      if (events == IOLoop.NONE) {
        return;
      }
      loop.addHandler(channel, handler, events);
      registered = true;
    } else if (events != interest) {
      loop.updateHandler(channel, events);
    }
    interest = events;
  }

  @Override
  public void unregister() {
    if (registered) {
      loop.removeHandler(channel);
      registered = false;
    }
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (received != null) {
      return readReceived(dst);
    }
    ByteBuffer transfer = dst.hasArray() ? transferBuffer() : null;
    int n;
    if (transfer == null) {
      n = channel.read(dst);
    } else {
      transfer.limit(Math.min(dst.remaining(), TRANSFER_SIZE));
      n = channel.read(transfer);
      if (n > 0) {
        dst.put(transfer.flip());
      }
    }
    bytesReceived += Math.max(n, 0);
    return n;
  }

  /** Hands out the bytes read before this transport existed; the socket is read after them. */
  private int readReceived(ByteBuffer dst) {
    int n = Math.min(dst.remaining(), received.remaining());
    dst.put(received.slice(received.position(), n));
    received.position(received.position() + n);
    if (!received.hasRemaining()) {
      received = null;
    }
    return n;
  }

  @Override
  public long write(ByteBuffer[] src, int count) throws IOException {
    ByteBuffer staged = stage(src, count);
    long n;
    if (staged != null) {
      n = channel.write(staged);
      advance(src, count, n);
    } else {
      // One buffer: write(2) skips the JDK's iovec set-up and the kernel's copy of it.
      n = count == 1 ? channel.write(src[0]) : channel.write(src, 0, count);
    }
    bytesSent += n;
    return n;
  }

  /**
   * {@code src}'s bytes copied into the loop's transfer buffer, flipped for writing; null when they
   * are more than {@link #TRANSFER_SIZE} bytes, when one buffer has no accessible array (a direct
   * or read-only one), or when the loop's buffer cannot be used. The sources do not move.
   */
  private ByteBuffer stage(ByteBuffer[] src, int count) {
    long total = 0;
    for (int i = 0; i < count; i++) {
      if (!src[i].hasArray()) {
        return null;
      }
      total += src[i].remaining();
    }
    ByteBuffer out = total > TRANSFER_SIZE ? null : transferBuffer();
    if (out == null) {
      return null;
    }
    for (int i = 0; i < count; i++) {
      ByteBuffer b = src[i];
      out.put(b.array(), b.arrayOffset() + b.position(), b.remaining());
    }
    return out.flip();
  }

  /**
   * The loop's transfer buffer, cleared; null off the loop's thread, before the stream is attached
   * and once the loop closed (when a loop-local value would be made anew for each call).
   */
  private ByteBuffer transferBuffer() {
    if (loop == null || !loop.inLoopThread() || loop.isClosed()) {
      return null;
    }
    return TRANSFER.get(loop).clear();
  }

  /** Moves {@code src} past the {@code written} bytes that left, in order. */
  private static void advance(ByteBuffer[] src, int count, long written) {
    long left = written;
    for (int i = 0; i < count && left > 0; i++) {
      int n = (int) Math.min(left, src[i].remaining());
      src[i].position(src[i].position() + n);
      left -= n;
    }
  }

  @Override
  public boolean hasBufferedInput() {
    return received != null;
  }

  @Override
  public boolean connect(SocketAddress address, String serverHostname) throws IOException {
    return channel.connect(address);
  }

  @Override
  public boolean finishConnect() throws IOException {
    return channel.finishConnect();
  }

  @Override
  public boolean connectionPending() {
    return channel.isConnectionPending();
  }

  @Override
  public boolean isConnected() {
    return channel.isConnected();
  }

  @Override
  public SocketAddress remoteAddress() {
    if (peer != null) {
      return peer;
    }
    try {
      return channel.getRemoteAddress();
    } catch (IOException e) {
      return null;
    }
  }

  /** Ignored on Unix-domain channels and on a closed or reset socket. */
  @Override
  public void setNodelay(boolean nodelay) {
    if (!channel.isOpen()
        || !channel.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {
      return;
    }
    try {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, nodelay);
    } catch (IOException e) {
      IOStream.GEN_LOG.debug("cannot set TCP_NODELAY on {}: {}", channel, e.toString());
    }
  }

  @Override
  public SocketChannel channel() {
    return channel;
  }

  @Override
  public long bytesReceived() {
    return bytesReceived;
  }

  @Override
  public long bytesSent() {
    return bytesSent;
  }

  @Override
  public void close() {
    unregister();
    try {
      channel.close();
    } catch (IOException e) {
      IOStream.GEN_LOG.debug("error closing {}: {}", channel, e.toString());
    }
  }
}
