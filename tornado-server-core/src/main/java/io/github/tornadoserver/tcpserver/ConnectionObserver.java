package io.github.tornadoserver.tcpserver;

import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.iostream.StreamObserver;

/**
 * One accepted connection as its server follows it: reports its handshake and close to the server's
 * {@link ServerListener}, and its close to the server's {@link Connections}. Set as the stream's
 * observer, so the handler keeps the stream's close callback to itself.
 */
final class ConnectionObserver implements StreamObserver {
  private final ServerListener listener;
  private final Connections connections;
  private final long acceptedAt;
  // The connection's stream now: a server-side startTls hands the observer to a new stream, which
  // the first handshake report names. Loop thread only, except for the read in closeOnLoop.
  private volatile IOStream stream;

  ConnectionObserver(IOStream stream, ServerListener listener, Connections connections) {
    this.stream = stream;
    this.listener = listener;
    this.connections = connections;
    this.acceptedAt = stream.ioLoop().time();
  }

  @Override
  public void handshakeFinished(IOStream tls, boolean success) {
    this.stream = tls;
    listener.tlsHandshakeFinished(success);
  }

  @Override
  public void closed(IOStream closed) {
    long duration = closed.ioLoop().time() - acceptedAt;
    listener.connectionClosed(duration, closed.bytesReceived(), closed.bytesSent());
    connections.remove(this);
  }

  /** Closes the connection on its loop: at once on that loop's thread, else queued to it. */
  void closeOnLoop() {
    IOStream current = stream;
    if (current.ioLoop().inLoopThread() || !current.ioLoop().addCallback(current::close)) {
      current.close();
    }
  }
}
