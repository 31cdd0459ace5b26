package io.github.tornadoserver.iostream;

import io.github.tornadoserver.ioloop.IOLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

/** Two connected streams on one loop: {@code server} (accepted side) and {@code client}. */
record StreamPair(IOStream server, IOStream client) {

  /** Makes a stream for one side of an accepted or connecting channel. */
  interface Factory {
    IOStream create(SocketChannel channel, boolean serverSide, StreamOptions options);
  }

  /**
   * Connects a pair over 127.0.0.1 on the current loop (call inside runSync). The server side uses
   * {@code serverOptions}, the client side the defaults.
   */
  static CompletableFuture<StreamPair> connect(Factory factory, StreamOptions serverOptions) {
    IOLoop loop = IOLoop.current();
    ServerSocketChannel listener;
    try {
      listener = ServerSocketChannel.open();
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CompletableFuture<IOStream> accepted = new CompletableFuture<>();
    loop.addHandler(
        listener,
        (SelectableChannel ch, int events) -> {
          try {
            SocketChannel conn = listener.accept();
            if (conn != null) {
              loop.removeHandler(listener);
              listener.close();
              accepted.complete(factory.create(conn, true, serverOptions));
            }
          } catch (IOException e) {
            accepted.completeExceptionally(e);
          }
        },
        IOLoop.READ);
    CompletableFuture<IOStream> connected;
    try {
      IOStream client = factory.create(SocketChannel.open(), false, StreamOptions.defaults());
      connected = client.connect(listener.getLocalAddress(), "localhost");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return accepted.thenCombine(connected, StreamPair::new);
  }
}
