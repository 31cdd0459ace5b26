package io.github.tornadoserver.tcpserver;

import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.iostream.StreamObserver;

/** Reports one accepted connection's handshake and close to the server's {@link ServerListener}. */
final class ConnectionObserver implements StreamObserver {
  private final ServerListener listener;
  private final long acceptedAt;

  ConnectionObserver(ServerListener listener, long acceptedAt) {
    this.listener = listener;
    this.acceptedAt = acceptedAt;
  }

  @Override
  public void handshakeFinished(IOStream stream, boolean success) {
    listener.tlsHandshakeFinished(success);
  }

  @Override
  public void closed(IOStream stream) {
    long duration = stream.ioLoop().time() - acceptedAt;
    listener.connectionClosed(duration, stream.bytesReceived(), stream.bytesSent());
  }
}
