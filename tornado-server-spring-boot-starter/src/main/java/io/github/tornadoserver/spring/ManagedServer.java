package io.github.tornadoserver.spring;

import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What a {@link TornadoServerLifecycle} needs of a server, HTTP or TCP. */
interface ManagedServer {
  /** Accepts on {@code sockets} on the calling loop; call on that loop's thread. */
  void addSockets(List<ServerSocketChannel> sockets);

  /** Stops accepting; completes once every listening socket is released. Any thread. */
  CompletableFuture<Void> stopAccepting();

  /**
   * Stops accepting, lets open connections finish until {@code timeout}, then closes the rest;
   * completes with whether all ended on their own. Any thread.
   */
  CompletableFuture<Boolean> drain(Duration timeout);

  /** Closes every open connection now. Any thread. */
  void closeConnections();
}
