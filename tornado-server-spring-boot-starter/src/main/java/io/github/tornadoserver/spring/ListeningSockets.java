package io.github.tornadoserver.spring;

import io.github.tornadoserver.netutil.NetUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds the listening sockets of one server from its {@code tornado.<server>.*} options: the TCP
 * port (unless -1) and the Unix-domain socket (when set). With {@code reuse-port}, each extra loop
 * gets sockets of its own on the port the first bind got.
 */
final class ListeningSockets {
  private final String server;
  private final TornadoProperties.Listener options;

  ListeningSockets(String server, TornadoProperties.Listener options) {
    this.server = server;
    this.options = options;
  }

  /**
   * The sockets of every accepting loop, index 0 first: the same shared list for each loop, or with
   * {@code reuse-port} a fresh TCP socket per loop (the Unix socket is always shared).
   *
   * @throws PortInUseException when the port is taken
   */
  List<List<ServerSocketChannel>> bind(int loops) {
    List<List<ServerSocketChannel>> perLoop = new ArrayList<>();
    List<ServerSocketChannel> shared = bindFirst();
    try {
      perLoop.add(shared);
      for (int i = 1; i < loops; i++) {
        perLoop.add(options.isReusePort() ? bindExtra(shared) : shared);
      }
      return perLoop;
    } catch (RuntimeException e) {
      perLoop.forEach(ListeningSockets::closeAll);
      throw e;
    }
  }

  private List<ServerSocketChannel> bindFirst() {
    List<ServerSocketChannel> sockets = new ArrayList<>();
    if (options.getPort() >= 0) {
      sockets.addAll(bindTcp(options.getPort()));
    }
    if (options.getUnixSocket() != null && !options.getUnixSocket().isBlank()) {
      try {
        sockets.add(NetUtil.bindUnixSocket(unixSocketPath()));
      } catch (RuntimeException e) {
        closeAll(sockets);
        throw e;
      }
    }
    if (sockets.isEmpty()) {
      throw new IllegalStateException(
          "tornado." + server + ".port is -1 and no unix-socket is set: nothing to listen on");
    }
    return sockets;
  }

  /** A copy of {@code shared} where the TCP sockets are fresh SO_REUSEPORT ones on their port. */
  private List<ServerSocketChannel> bindExtra(List<ServerSocketChannel> shared) {
    List<ServerSocketChannel> own = new ArrayList<>();
    int port = tcpPort(shared);
    if (port > 0) {
      own.addAll(bindTcp(port));
    }
    for (ServerSocketChannel socket : shared) {
      if (!(localAddress(socket) instanceof InetSocketAddress)) {
        own.add(socket);
      }
    }
    return own;
  }

  private List<ServerSocketChannel> bindTcp(int port) {
    try {
      return NetUtil.bindSockets(
          port, options.getAddress(), null, options.getBacklog(), options.isReusePort());
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof BindException && port > 0) {
        throw new PortInUseException(server, port, e);
      }
      throw e;
    }
  }

  Path unixSocketPath() {
    return Path.of(options.getUnixSocket());
  }

  /** The TCP port of the first socket bound to one, or -1. */
  static int tcpPort(List<ServerSocketChannel> sockets) {
    for (ServerSocketChannel socket : sockets) {
      if (localAddress(socket) instanceof InetSocketAddress address) {
        return address.getPort();
      }
    }
    return -1;
  }

  private static java.net.SocketAddress localAddress(ServerSocketChannel socket) {
    try {
      return socket.getLocalAddress();
    } catch (IOException e) {
      return null;
    }
  }

  static void closeAll(List<ServerSocketChannel> sockets) {
    for (ServerSocketChannel socket : sockets) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing after a failed start: nothing more to do
      }
    }
  }
}
