package io.github.tornadoserver.iostream;

import io.github.tornadoserver.ioloop.IOLoop;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;

/**
 * What a transport without a socket has in common: it is connected from the start, has no
 * handshake, keeps no bytes of its own between calls (everything written is taken at once) and has
 * no channel or socket options. {@link MemoryTransport} and the benchmarks' replayed connection
 * extend it with their reads and writes.
 */
abstract class ConnectedTransport implements Transport {

  @Override
  public boolean flush() {
    return true;
  }

  @Override
  public boolean hasPendingOutput() {
    return false;
  }

  @Override
  public boolean hasBufferedInput() {
    return false;
  }

  @Override
  public boolean ready() {
    return true;
  }

  @Override
  public int handshakeEvents() {
    return IOLoop.NONE;
  }

  @Override
  public boolean advanceHandshake() {
    return true;
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
