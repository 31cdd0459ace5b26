package io.github.tornadoserver.sample;

import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.tcpserver.TCPServer;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.springframework.stereotype.Component;

/**
 * The TCP server's handler ({@code tornado.tcp.port}): sends back every byte it receives, as it
 * arrives, until the client closes.
 */
@Component
final class TcpEchoHandler implements TCPServer.StreamHandler {
  private static final int READ_SIZE = 64 * 1024;

  @Override
  public CompletionStage<?> handleStream(IOStream stream, SocketAddress address) {
    return echo(stream);
  }

  private static CompletableFuture<Void> echo(IOStream stream) {
    return stream
        .readBytes(READ_SIZE, true)
        .thenCompose(stream::write)
        .thenCompose(v -> echo(stream))
        .exceptionally(closed -> null);
  }
}
