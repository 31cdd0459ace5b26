package io.github.tornadoserver.spring;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.springframework.context.ApplicationEvent;

/**
 * A server of the starter started or stopped. Published on the thread that runs the context's
 * lifecycle (start-up or close).
 */
public abstract sealed class TornadoServerEvent extends ApplicationEvent
    permits TornadoServerEvent.Started, TornadoServerEvent.Stopped {
  private static final long serialVersionUID = 1L;

  private final String server;
  private final transient List<SocketAddress> addresses;

  TornadoServerEvent(Object source, String server, List<SocketAddress> addresses) {
    super(source);
    this.server = server;
    this.addresses = List.copyOf(addresses);
  }

  /** Which server: {@code http} or {@code tcp}. */
  public String server() {
    return server;
  }

  /** The addresses it listens (or listened) on: IP sockets and Unix-domain socket files. */
  public List<SocketAddress> addresses() {
    return addresses;
  }

  /** The TCP port it listens (or listened) on, or -1 when it has only a Unix-domain socket. */
  public int port() {
    return portOf(addresses);
  }

  static int portOf(List<SocketAddress> addresses) {
    for (SocketAddress address : addresses) {
      if (address instanceof InetSocketAddress inet) {
        return inet.getPort();
      }
    }
    return -1;
  }

  /** The server listens: every accepting loop has its sockets. */
  public static final class Started extends TornadoServerEvent {
    private static final long serialVersionUID = 1L;

    Started(Object source, String server, List<SocketAddress> addresses) {
      super(source, server, addresses);
    }
  }

  /** The server stopped listening and its connections are closed. */
  public static final class Stopped extends TornadoServerEvent {
    private static final long serialVersionUID = 1L;

    Stopped(Object source, String server, List<SocketAddress> addresses) {
      super(source, server, addresses);
    }
  }
}
