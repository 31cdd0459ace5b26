package io.github.tornadoserver.netutil;

import io.github.tornadoserver.ioloop.IOLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

/** TEMPORARY stub until the real NetUtil lands. */
public final class NetUtil {
  public static final int DEFAULT_BACKLOG = 128;

  private NetUtil() {}

  @FunctionalInterface
  public interface AcceptCallback {
    void accept(SocketChannel connection, SocketAddress address);
  }

  public static List<ServerSocketChannel> bindSockets(
      int port, String address, ProtocolFamily family, int backlog, boolean reusePort) {
    try {
      ServerSocketChannel ch = ServerSocketChannel.open();
      ch.bind(new InetSocketAddress(address == null ? "127.0.0.1" : address, port), backlog);
      ch.configureBlocking(false);
      return List.of(ch);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Runnable addAcceptHandler(ServerSocketChannel channel, AcceptCallback callback) {
    IOLoop loop = IOLoop.current();
    loop.addHandler(
        channel,
        (ch, ev) -> {
          for (int i = 0; i < DEFAULT_BACKLOG; i++) {
            try {
              SocketChannel c = channel.accept();
              if (c == null) {
                return;
              }
              c.configureBlocking(false);
              callback.accept(c, c.getRemoteAddress());
            } catch (IOException e) {
              return;
            }
          }
        },
        IOLoop.READ);
    return () -> loop.removeHandler(channel);
  }
}
