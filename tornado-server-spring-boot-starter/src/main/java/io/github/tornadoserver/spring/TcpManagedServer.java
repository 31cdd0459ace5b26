package io.github.tornadoserver.spring;

import io.github.tornadoserver.tcpserver.TCPServer;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link TCPServer} as the lifecycle drives it, its connections followed by {@link
 * TcpConnections}.
 */
final class TcpManagedServer implements ManagedServer {
  private final TCPServer server;
  private final TcpConnections connections;

  TcpManagedServer(TCPServer server, TcpConnections connections) {
    this.server = server;
    this.connections = connections;
  }

  @Override
  public void addSockets(List<ServerSocketChannel> sockets) {
    server.addSockets(sockets);
  }

  @Override
  public CompletableFuture<Void> stopAccepting() {
    return server.stop();
  }

  @Override
  public CompletableFuture<Boolean> drain(Duration timeout) {
    server.stop();
    return connections.drain(timeout);
  }

  @Override
  public void closeConnections() {
    connections.closeAll();
  }
}
