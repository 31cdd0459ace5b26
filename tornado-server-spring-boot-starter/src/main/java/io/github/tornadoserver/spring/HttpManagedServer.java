package io.github.tornadoserver.spring;

import io.github.tornadoserver.httpserver.HTTPServer;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** An {@link HTTPServer} as the lifecycle drives it: the server drains by itself. */
final class HttpManagedServer implements ManagedServer {
  private final HTTPServer server;

  HttpManagedServer(HTTPServer server) {
    this.server = server;
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
    return server.shutdown(timeout);
  }

  @Override
  public void closeConnections() {
    server.closeAllConnections();
  }
}
