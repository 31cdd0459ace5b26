package io.github.tornadoserver.iostream;

import io.github.tornadoserver.ioloop.IOLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;

/**
 * What a transport without a socket has in common: it is connected from the start to {@link #PEER},
 * has no handshake, keeps no bytes of its own between calls (everything written is taken at once)
 * and has no channel or socket options. It keeps the interest, the closed flag and the byte counts,
 * which a subclass updates in its reads, writes and {@code setInterest}. {@link MemoryTransport}
 * and the benchmarks' replayed connection extend it. Loop thread only.
 */
abstract class ConnectedTransport implements Transport {
  /** The peer address every socket-free transport reports. */
  static final SocketAddress PEER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 49152);

  /** The events the stream asked for ({@code IOLoop.READ}, {@code WRITE}); none once closed. */
  int interest;

  boolean closed;
  long bytesReceived;
  long bytesSent;

  private final Runnable redeliver = this::dispatch;
  private IOStream stream;
  private boolean dispatchScheduled;

  /** Whether a read would return bytes or EOF now. */
  abstract boolean hasInput();

  @Override
  public void attach(IOStream owner) {
    this.stream = owner;
  }

  @Override
  public void setInterest(int events) {
    interest = events;
    scheduleDispatch();
  }

  @Override
  public void unregister() {
    interest = IOLoop.NONE;
  }

  /** Queues one dispatch for the next loop iteration if the stream has an event and none waits. */
  void scheduleDispatch() {
    if (!dispatchScheduled && stream != null && readyEvents() != IOLoop.NONE) {
      dispatchScheduled = true;
      stream.ioLoop().addCallback(redeliver);
    }
  }

  private int readyEvents() {
    if (closed) {
      return IOLoop.NONE;
    }
    int ready = interest & IOLoop.WRITE;
    if ((interest & IOLoop.READ) != 0 && hasInput()) {
      ready |= IOLoop.READ;
    }
    return ready;
  }

  /** Hands the stream its ready events now (if any), then schedules the next dispatch. */
  void dispatch() {
    dispatchScheduled = false;
    int ready = readyEvents();
    if (ready != IOLoop.NONE) {
      stream.handleEvents(ready);
    }
    scheduleDispatch();
  }

  @Override
  public boolean isConnected() {
    return !closed;
  }

  @Override
  public SocketAddress remoteAddress() {
    return PEER;
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
    closed = true;
    interest = IOLoop.NONE;
  }

  @Override
  public boolean hasBufferedInput() {
    return false;
  }

  @Override
  public boolean connect(SocketAddress address, String serverHostname) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " is connected from the start");
  }

  @Override
  public boolean finishConnect() {
    return true;
  }

  @Override
  public boolean connectionPending() {
    return false;
  }

  @Override
  public void setNodelay(boolean nodelay) {}

  @Override
  public SocketChannel channel() {
    return null;
  }
}
