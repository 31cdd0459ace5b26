package io.github.tornadoserver.netutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds listening TCP sockets: {@link NetUtil#bindSockets}, Tornado's {@code bind_sockets}. Also
 * the checks and clean-up that the Unix-domain binding shares. Stateless, safe from any thread.
 */
final class SocketBinding {
  private static final Logger GEN_LOG = LoggerFactory.getLogger("tornado.general");

  private SocketBinding() {}

  /** See {@link NetUtil#bindSockets(int, String, ProtocolFamily, int, boolean)}. */
  static List<ServerSocketChannel> bindSockets(
      int port, String address, ProtocolFamily family, int backlog, boolean reusePort) {
    checkPort(port);
    checkBacklog(backlog);
    if (family != null
        && family != StandardProtocolFamily.INET
        && family != StandardProtocolFamily.INET6) {
      throw new IllegalArgumentException(
          "family: " + family + " (expected: INET, INET6 or null for both)");
    }
    String host = address == null || address.isEmpty() ? null : address;
    List<InetAddress> addresses;
    if (host != null) {
      addresses = resolve(host, family);
    } else if (family == StandardProtocolFamily.INET || (family == null && !Ipv6.AVAILABLE)) {
      addresses = List.of(anyLocal(4));
    } else {
      addresses = List.of(anyLocal(16));
    }
    return bindAll(host, addresses, port, backlog, reusePort);
  }

  /**
   * Binds one channel per address, in order, all on one port. Package-private so that tests can
   * bind address lists that no host name of the test machine resolves to.
   */
  static List<ServerSocketChannel> bindAll(
      String host, List<InetAddress> addresses, int port, int backlog, boolean reusePort) {
    List<ServerSocketChannel> bound = new ArrayList<>();
    int bindPort = port;
    IOException skipped = null;
    InetAddress skippedAddress = null;
    try {
      for (InetAddress address : addresses) {
        ServerSocketChannel channel;
        try {
          channel = ServerSocketChannel.open(familyOf(address));
        } catch (UnsupportedOperationException | IOException e) {
          // Tornado skips EAFNOSUPPORT: the JVM (-Djava.net.preferIPv4Stack) or the kernel has no
          // socket of this family, so this address cannot be served; the others still can.
          GEN_LOG.debug("skipping {}: {}", IpText.hostPort(address, bindPort), e.toString());
          skipped = asIoException(e);
          skippedAddress = address;
          continue;
        }
        try {
          configure(channel, reusePort);
          channel.bind(new InetSocketAddress(address, bindPort), backlog);
          if (bindPort == 0) {
            bindPort = localPort(channel);
          }
        } catch (IOException e) {
          closeQuietly(channel, null);
          if (isIpv6LocalhostUnavailable(host, address, e)) {
            GEN_LOG.debug(
                "skipping {} of localhost: {}", IpText.hostPort(address, bindPort), e.toString());
            skipped = e;
            skippedAddress = address;
            continue;
          }
          throw new UncheckedIOException(
              "cannot bind " + IpText.hostPort(address, bindPort) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
          closeQuietly(channel, e);
          throw e;
        }
        bound.add(channel);
      }
      if (bound.isEmpty()) {
        throw new UncheckedIOException(
            "cannot bind "
                + IpText.hostPort(skippedAddress, bindPort)
                + ": "
                + (skipped == null ? "no address" : skipped.getMessage()),
            skipped == null ? new SocketException("no address") : skipped);
      }
      return List.copyOf(bound);
    } catch (RuntimeException e) {
      for (ServerSocketChannel channel : bound) {
        closeQuietly(channel, e);
      }
      throw e;
    }
  }

  private static void configure(ServerSocketChannel channel, boolean reusePort) throws IOException {
    if (reusePort) {
      if (!channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
        throw new IllegalArgumentException("SO_REUSEPORT is not supported on this platform");
      }
      channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
    }
    // Lets a restarted server bind its port while connections of the old one sit in TIME_WAIT.
    channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
    channel.configureBlocking(false);
  }

  /**
   * Tornado's partial-IPv6 rule: {@code "localhost"} often resolves to {@code ::1} in containers
   * whose IPv6 is switched off, where binding it fails with EADDRNOTAVAIL; serving IPv4 only is
   * then what the user meant.
   */
  static boolean isIpv6LocalhostUnavailable(String host, InetAddress address, IOException e) {
    return "localhost".equalsIgnoreCase(host)
        && address instanceof Inet6Address
        && address.isLoopbackAddress()
        && e instanceof BindException
        && e.getMessage() != null
        && e.getMessage().contains("Cannot assign requested address");
  }

  /** The addresses of {@code host} of {@code family} (null: any), de-duplicated, IPv4 first. */
  private static List<InetAddress> resolve(String host, ProtocolFamily family) {
    InetAddress[] all;
    try {
      all = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new UncheckedIOException("cannot resolve " + host + ": " + e.getMessage(), e);
    }
    Set<InetAddress> unique = new LinkedHashSet<>();
    for (InetAddress address : all) {
      if (family == null || familyOf(address) == family) {
        unique.add(address);
      }
    }
    if (unique.isEmpty()) {
      UnknownHostException e = new UnknownHostException(host + " has no " + family + " address");
      throw new UncheckedIOException("cannot resolve " + host + ": " + e.getMessage(), e);
    }
    List<InetAddress> sorted = new ArrayList<>(unique);
    // Tornado sorts getaddrinfo's answer by family, which puts IPv4 first on Linux; the sort is
    // stable, so the resolver's order within a family is kept.
    sorted.sort(Comparator.comparingInt(a -> a instanceof Inet4Address ? 0 : 1));
    return sorted;
  }

  private static StandardProtocolFamily familyOf(InetAddress address) {
    return address instanceof Inet6Address
        ? StandardProtocolFamily.INET6
        : StandardProtocolFamily.INET;
  }

  /** {@code 0.0.0.0} (4 bytes) or {@code ::} (16 bytes). */
  private static InetAddress anyLocal(int length) {
    try {
      return InetAddress.getByAddress(new byte[length]);
    } catch (UnknownHostException e) {
      throw new AssertionError("a 4- or 16-byte address is always valid", e);
    }
  }

  /** Whether this JVM can open IPv6 sockets; computed once, on first use. */
  private static final class Ipv6 {
    static final boolean AVAILABLE = probe();

    private static boolean probe() {
      try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.INET6)) {
        return channel.isOpen();
      } catch (UnsupportedOperationException | IOException e) {
        GEN_LOG.debug("IPv6 unavailable, binding 0.0.0.0 for all interfaces: {}", e.toString());
        return false;
      }
    }
  }

  private static int localPort(ServerSocketChannel channel) throws IOException {
    return ((InetSocketAddress) channel.getLocalAddress()).getPort();
  }

  static void checkPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
  }

  static void checkBacklog(int backlog) {
    if (backlog <= 0) {
      throw new IllegalArgumentException("backlog: " + backlog + " (expected: > 0)");
    }
  }

  /** Closes {@code channel}; a failure is added to {@code primary} when there is one. */
  static void closeQuietly(Channel channel, Throwable primary) {
    try {
      channel.close();
    } catch (IOException e) {
      if (primary != null) {
        primary.addSuppressed(e);
      } else {
        GEN_LOG.debug("error closing {}: {}", channel, e.toString());
      }
    }
  }

  static IOException asIoException(Exception e) {
    return e instanceof IOException ? (IOException) e : new IOException(e.getMessage(), e);
  }
}
