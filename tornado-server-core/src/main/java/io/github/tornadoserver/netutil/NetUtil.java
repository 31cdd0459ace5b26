package io.github.tornadoserver.netutil;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.ioloop.Timeout;
import io.github.tornadoserver.tls.SSLOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tornado's {@code tornado.netutil}: static helpers to bind listening sockets, accept connections
 * on an {@code IOLoop}, and check IP literals.
 *
 * <p>All methods are stateless and safe from any thread unless their Javadoc says otherwise.
 */
public final class NetUtil {
  /**
   * The default {@code listen} backlog of {@link #bindSockets} and {@link #bindUnixSocket}: 128,
   * Tornado's {@code _DEFAULT_BACKLOG}.
   */
  public static final int DEFAULT_BACKLOG = 128;

  /**
   * The default mode of {@link #bindUnixSocket(Path)}: {@code rw-------} (0600, Tornado's default),
   * so only the owner may connect.
   */
  public static final Set<PosixFilePermission> DEFAULT_UNIX_SOCKET_MODE =
      Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  /** {@code S_IFMT} and {@code S_IFSOCK} of {@code <sys/stat.h>} (POSIX), in the mode word. */
  private static final int S_IFMT = 0170000;

  private static final int S_IFSOCK = 0140000;

  private static final Logger GEN_LOG = LoggerFactory.getLogger("tornado.general");
  private static final Logger APP_LOG = LoggerFactory.getLogger("tornado.application");

  private NetUtil() {}

  // ---------------------------------------------------------------- bindSockets

  /**
   * Binds listening sockets to {@code port} on all interfaces: {@code bindSockets(port, null, null,
   * DEFAULT_BACKLOG, false)}.
   *
   * @see #bindSockets(int, String, ProtocolFamily, int, boolean)
   */
  public static List<ServerSocketChannel> bindSockets(int port) {
    return bindSockets(port, null, null, DEFAULT_BACKLOG, false);
  }

  /**
   * Binds listening sockets to {@code port} on {@code address}: {@code bindSockets(port, address,
   * null, DEFAULT_BACKLOG, false)}.
   *
   * @see #bindSockets(int, String, ProtocolFamily, int, boolean)
   */
  public static List<ServerSocketChannel> bindSockets(int port, String address) {
    return bindSockets(port, address, null, DEFAULT_BACKLOG, false);
  }

  /**
   * Creates listening sockets bound to {@code port} on {@code address}, Tornado's {@code
   * bind_sockets}. Several channels are returned when the address maps to several IP addresses,
   * typically one IPv4 and one IPv6 address of a host name.
   *
   * <p>Addresses:
   *
   * <ul>
   *   <li>{@code null} or {@code ""}: all interfaces. With {@code family} {@code null} that is one
   *       dual-stack channel on the IPv6 wildcard {@code ::} when the JVM has IPv6, which also
   *       accepts IPv4 clients (their addresses show as {@link java.net.Inet4Address}); without
   *       IPv6, one channel on {@code 0.0.0.0}. With {@link StandardProtocolFamily#INET}, one
   *       IPv4-only channel on {@code 0.0.0.0}; with {@link StandardProtocolFamily#INET6}, the
   *       {@code ::} channel, which accepts IPv4-mapped connections too: Java has no {@code
   *       IPV6_V6ONLY} option and the JDK clears that flag on the IPv6 sockets it opens (so the
   *       {@code net.ipv6.bindv6only} sysctl does not matter). Tornado sets the flag and binds one
   *       socket per family instead, which Java cannot: {@code ::} and {@code 0.0.0.0} on one port
   *       would collide.
   *   <li>An IP literal: that address.
   *   <li>A host name: every address it resolves to (a blocking lookup on the calling thread), of
   *       {@code family} when given, without duplicates, IPv4 addresses first.
   * </ul>
   *
   * <p>Every channel has {@code SO_REUSEADDR} set (on Windows the JDK emulates it without giving up
   * exclusive binding), {@code SO_REUSEPORT} when {@code reusePort}, is non-blocking, and listens
   * with {@code backlog}. Port 0 asks the system for a free port for the first channel and reuses
   * that port for the others, so that all channels share one port.
   *
   * <p>As in Tornado, when {@code address} is {@code "localhost"} and binding its IPv6 loopback
   * {@code ::1} fails with "Cannot assign requested address" (IPv6 switched off, common in
   * containers), that address is skipped; so is an address whose protocol family the JVM or kernel
   * does not support. Any other failure closes the channels bound so far and throws.
   *
   * <p>Safe from any thread; does not need an {@code IOLoop}.
   *
   * @param port 0 to 65535; 0 for a port chosen by the system
   * @param address an IP literal, a host name, or {@code null}/{@code ""} for all interfaces
   * @param family {@code null} for both IPv4 and IPv6, else {@link StandardProtocolFamily#INET} or
   *     {@link StandardProtocolFamily#INET6} to restrict to one
   * @param backlog the {@code listen} backlog, at least 1; see {@link #DEFAULT_BACKLOG}
   * @param reusePort whether to set {@code SO_REUSEPORT}, so that other sockets (other processes)
   *     may bind the same port and share its connections
   * @return the bound, listening, non-blocking channels; never empty; the caller owns them
   * @throws IllegalArgumentException if {@code port}, {@code backlog} or {@code family} is out of
   *     range (the message quotes the value), or {@code reusePort} is true and the platform has no
   *     {@code SO_REUSEPORT}
   * @throws UncheckedIOException if {@code address} cannot be resolved or has no address of {@code
   *     family}, or a bind fails; the message names the address and port (for instance {@code
   *     "cannot bind 127.0.0.1:8888: Address already in use"}) and the cause is the original {@link
   *     IOException} (a {@link java.net.BindException} for a port in use)
   */
  public static List<ServerSocketChannel> bindSockets(
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
          GEN_LOG.debug("skipping {}: {}", hostPort(address, bindPort), e.toString());
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
                "skipping {} of localhost: {}", hostPort(address, bindPort), e.toString());
            skipped = e;
            skippedAddress = address;
            continue;
          }
          throw new UncheckedIOException(
              "cannot bind " + hostPort(address, bindPort) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
          closeQuietly(channel, e);
          throw e;
        }
        bound.add(channel);
      }
      if (bound.isEmpty()) {
        throw new UncheckedIOException(
            "cannot bind "
                + hostPort(skippedAddress, bindPort)
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

  /** {@code 127.0.0.1:80} or {@code [::1]:80}, IPv6 compressed as RFC 5952 section 4 says. */
  static String hostPort(InetAddress address, int port) {
    if (address instanceof Inet6Address) {
      return "[" + ipv6Text((Inet6Address) address) + "]:" + port;
    }
    return (address == null ? "?" : address.getHostAddress()) + ":" + port;
  }

  /**
   * The text of an IP address as people write it: IPv4 dotted quad; IPv6 in the RFC 5952 form
   * ({@code ::1}, not {@link InetAddress#getHostAddress()}'s {@code 0:0:0:0:0:0:0:1}), with its
   * zone when it has one. This is what a request's remote IP looks like.
   */
  public static String ipString(InetAddress address) {
    return address instanceof Inet6Address
        ? ipv6Text((Inet6Address) address)
        : address.getHostAddress();
  }

  /**
   * The longest run of two or more zero groups (the first such run on a tie) replaced by {@code
   * ::}, lower-case hex (RFC 5952 section 4.2).
   */
  private static String ipv6Text(Inet6Address address) {
    byte[] bytes = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    if (address.getScopeId() != 0 || address.getScopedInterface() != null) {
      text.append('%')
          .append(
              address.getScopedInterface() != null
                  ? address.getScopedInterface().getName()
                  : Integer.toString(address.getScopeId()));
    }
    return text.toString();
  }

  // ---------------------------------------------------------------- bindUnixSocket

  /**
   * Creates a listening Unix-domain socket at {@code file} with mode {@link
   * #DEFAULT_UNIX_SOCKET_MODE} and backlog {@link #DEFAULT_BACKLOG}.
   *
   * @see #bindUnixSocket(Path, Set, int)
   */
  public static ServerSocketChannel bindUnixSocket(Path file) {
    return bindUnixSocket(file, DEFAULT_UNIX_SOCKET_MODE, DEFAULT_BACKLOG);
  }

  /**
   * Creates a listening Unix-domain socket at {@code file}, Tornado's {@code bind_unix_socket}.
   *
   * <p>If {@code file} exists and is a socket (a leftover of an earlier server, or a live one: it
   * is not asked), it is deleted first. If it exists and is anything else, including a symbolic
   * link (even to a socket; Tornado follows the link and deletes it), nothing is touched and this
   * throws. The socket is bound, its file gets {@code mode}, and the channel is non-blocking.
   * Between the bind and the mode change the file briefly has the mode the process's umask gives;
   * use a directory only the owner can enter when that matters.
   *
   * <p>Not supported, unlike Tornado on Linux: abstract names (a name starting with NUL), which
   * Java's {@link UnixDomainSocketAddress} cannot express. Java's Unix channels have no {@code
   * SO_REUSEADDR}, which Tornado sets but which means nothing for Unix sockets on Linux.
   *
   * <p>Safe from any thread; does not need an {@code IOLoop}. The file is not deleted when the
   * channel is closed; the next bind replaces it.
   *
   * @param file where to create the socket; a path of at most about 100 bytes (the {@code sun_path}
   *     limit of the platform)
   * @param mode the permissions of the socket file, applied after the bind
   * @param backlog the {@code listen} backlog, at least 1
   * @return the bound, listening, non-blocking channel; the caller owns it
   * @throws IllegalArgumentException if {@code file} exists and is not a socket (the message names
   *     it), or {@code backlog} is below 1
   * @throws UncheckedIOException if the stale socket cannot be removed, the bind fails (for
   *     instance the directory does not exist or the path is too long), the platform has no
   *     Unix-domain sockets, or the mode cannot be applied (also on a file system without POSIX
   *     permissions); the message names the file and the cause is the original exception
   */
  public static ServerSocketChannel bindUnixSocket(
      Path file, Set<PosixFilePermission> mode, int backlog) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(mode, "mode");
    checkBacklog(backlog);
    removeStaleSocket(file);
    ServerSocketChannel channel;
    try {
      channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    } catch (UnsupportedOperationException | IOException e) {
      throw new UncheckedIOException(
          "cannot bind unix socket " + file + ": " + e.getMessage(), asIoException(e));
    }
    try {
      channel.configureBlocking(false);
      channel.bind(UnixDomainSocketAddress.of(file), backlog);
    } catch (IOException e) {
      closeQuietly(channel, e);
      throw new UncheckedIOException("cannot bind unix socket " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(channel, e);
      throw e;
    }
    try {
      Files.setPosixFilePermissions(file, mode);
    } catch (IOException | UnsupportedOperationException e) {
      // A socket whose mode could not be applied might be open to everyone: do not hand it out.
      closeQuietly(channel, e);
      try {
        Files.deleteIfExists(file);
      } catch (IOException deleteFailure) {
        e.addSuppressed(deleteFailure);
      }
      throw new UncheckedIOException(
          "cannot set mode "
              + PosixFilePermissions.toString(mode)
              + " on unix socket "
              + file
              + ": "
              + e.getMessage(),
          asIoException(e));
    }
    return channel;
  }

  /** Deletes {@code file} if it is a socket; refuses (throws) if it is anything else. */
  private static void removeStaleSocket(Path file) {
    boolean socket;
    try {
      try {
        int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        socket = (mode & S_IFMT) == S_IFSOCK;
      } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
        // No "unix" attribute view (Windows): a socket is none of file, directory or link.
        socket =
            Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .isOther();
      }
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot inspect " + file + ": " + e.getMessage(), e);
    }
    if (!socket) {
      throw new IllegalArgumentException(
          file + " exists and is not a socket; refusing to replace it");
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot remove stale unix socket " + file + ": " + e.getMessage(), e);
    }
  }

  private static IOException asIoException(Exception e) {
    return e instanceof IOException ? (IOException) e : new IOException(e.getMessage(), e);
  }

  // ---------------------------------------------------------------- addAcceptHandler

  /** Receives the connections accepted by {@link #addAcceptHandler}. */
  @FunctionalInterface
  public interface AcceptCallback {
    /**
     * Called on the loop thread with each accepted connection. From this call on the callback owns
     * {@code connection}, even when it throws: the accept handler never closes it.
     *
     * @param connection the accepted, connected, non-blocking channel
     * @param address the peer's address: an {@link java.net.InetSocketAddress} for TCP (an {@link
     *     java.net.Inet4Address} for an IPv4 client of a dual-stack socket), a {@link
     *     UnixDomainSocketAddress} for a Unix-domain socket (with an empty path when the client's
     *     socket is unnamed, as it usually is)
     */
    void accept(SocketChannel connection, SocketAddress address);
  }

  /** Stands in for {@link ServerSocketChannel#accept()} in tests that need it to fail. */
  @FunctionalInterface
  interface Acceptor {
    SocketChannel accept() throws IOException;
  }

  /**
   * Adds a handler to {@link IOLoop#current()} that accepts connections on {@code channel} and
   * passes each to {@code callback}, Tornado's {@code add_accept_handler}.
   *
   * <p>On each readiness the handler accepts up to 128 connections (Tornado's bound, which keeps a
   * flood of connections from starving the loop's other work), and stops early when no connection
   * is waiting. Each connection is made non-blocking, then given to {@code callback}. When the
   * callback throws, the exception is logged on {@code tornado.application} ("Error in connection
   * callback") and accepting goes on.
   *
   * <p>Accept failures: errors that concern only the one pending connection (a connection aborted
   * or reset by its client before it was accepted, and the network errors Linux reports the same
   * way, see accept(2)) are skipped. Any other failure, typically "Too many open files" (EMFILE or
   * ENFILE), is logged at ERROR on {@code tornado.general} and accepting pauses for 100 ms: the
   * connection stays in the backlog, so the channel stays ready, and without the pause the loop
   * would wake up at once, fail again and spin at full CPU, writing a log line each time. A channel
   * closed without the remover ends the handler quietly.
   *
   * <p>Threading: call on the thread of the loop that should accept (the loop's thread, or a thread
   * whose current loop it is); the loop checks this. The callback runs on that loop's thread.
   *
   * @param channel a bound, listening channel, TCP or Unix-domain; it is made non-blocking, and
   *     must not be registered with the current loop already
   * @param callback receives each connection and its peer address
   * @return the remover: a {@link Runnable} that removes the handler and stops an accept loop in
   *     progress (when called from the callback, no further connection of this readiness is
   *     accepted); it does not close {@code channel}. Idempotent, and safe from any thread: off the
   *     loop thread it stops further accepts at once and removes the registration through {@link
   *     IOLoop#addCallback}.
   * @throws IllegalArgumentException if {@code channel} is not bound, is closed, or is already
   *     registered with the current loop
   * @throws IllegalStateException if the calling thread's current loop has moved to another thread
   *     (it was started there)
   */
  public static Runnable addAcceptHandler(ServerSocketChannel channel, AcceptCallback callback) {
    Objects.requireNonNull(channel, "channel");
    return addAcceptHandler(channel, callback, channel::accept);
  }

  /** {@link #addAcceptHandler(ServerSocketChannel, AcceptCallback)} with a replaceable accept. */
  static Runnable addAcceptHandler(
      ServerSocketChannel channel, AcceptCallback callback, Acceptor acceptor) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(callback, "callback");
    SocketAddress local;
    try {
      local = channel.getLocalAddress();
    } catch (IOException e) {
      throw new IllegalArgumentException("channel " + channel + " is closed", e);
    }
    if (local == null) {
      throw new IllegalArgumentException("channel " + channel + " is not bound");
    }
    IOLoop loop = IOLoop.current();
    AcceptHandler handler = new AcceptHandler(loop, channel, local, callback, acceptor);
    loop.addHandler(channel, handler, IOLoop.READ);
    return handler::remove;
  }

  /** Tornado's bound on connections accepted per readiness (its {@code _DEFAULT_BACKLOG}). */
  static final int MAX_ACCEPTS_PER_WAKEUP = 128;

  /** How long accepting pauses after a failure that would recur at once, such as EMFILE. */
  static final long ACCEPT_PAUSE_MILLIS = 100;

  /**
   * Messages of accept(2) errors that belong to the one pending connection, not to the listening
   * socket: ECONNABORTED (which the JDK already retries on Linux, but not everywhere), ECONNRESET,
   * and the errors Linux's accept(2) man page says to treat like EAGAIN (EPROTO, ENETDOWN,
   * ENOPROTOOPT, EHOSTDOWN, ENONET, EHOSTUNREACH, ENETUNREACH); Java reports them only through the
   * {@code strerror} text. Windows words the first two differently.
   */
  private static final List<String> PER_CONNECTION_ERRORS =
      List.of(
          "Connection aborted",
          "Software caused connection abort",
          "Connection reset",
          "forcibly closed by the remote host",
          "established connection was aborted",
          "Protocol error",
          "Network is down",
          "Protocol not available",
          "Host is down",
          "Machine is not on the network",
          "No route to host",
          "Network is unreachable");

  static boolean isPerConnectionAcceptError(IOException e) {
    String message = e.getMessage();
    if (message == null) {
      return false;
    }
    for (String fragment : PER_CONNECTION_ERRORS) {
      if (message.contains(fragment)) {
        return true;
      }
    }
    return false;
  }

  /** The READ handler behind {@link #addAcceptHandler}. */
  private static final class AcceptHandler implements IOLoop.Handler {
    private final IOLoop loop;
    private final ServerSocketChannel channel;
    private final SocketAddress local;
    private final AcceptCallback callback;
    private final Acceptor acceptor;
    private final AtomicBoolean removed = new AtomicBoolean();

    /** The pending re-enable after a pause; loop thread only. */
    private Timeout resume;

    AcceptHandler(
        IOLoop loop,
        ServerSocketChannel channel,
        SocketAddress local,
        AcceptCallback callback,
        Acceptor acceptor) {
      this.loop = loop;
      this.channel = channel;
      this.local = local;
      this.callback = callback;
      this.acceptor = acceptor;
    }

    @Override
    public void handleEvents(SelectableChannel ignored, int events) {
      for (int i = 0; i < MAX_ACCEPTS_PER_WAKEUP; i++) {
        // The callback may have called the remover: stop before accepting one more connection.
        if (removed.get()) {
          return;
        }
        SocketChannel connection;
        try {
          connection = acceptor.accept();
        } catch (ClosedChannelException e) {
          GEN_LOG.debug("{} closed; no more connections to accept", local);
          return;
        } catch (IOException e) {
          if (isPerConnectionAcceptError(e)) {
            GEN_LOG.debug("skipping a connection on {}: {}", local, e.toString());
            continue;
          }
          pause(e);
          return;
        }
        if (connection == null) {
          return;
        }
        SocketAddress address;
        try {
          connection.configureBlocking(false);
          address = connection.getRemoteAddress();
        } catch (IOException e) {
          GEN_LOG.debug("dropping a connection on {}: {}", local, e.toString());
          closeQuietly(connection, null);
          continue;
        }
        try {
          callback.accept(connection, address);
        } catch (RuntimeException e) {
          // Errors (OutOfMemoryError and the like) go on to the loop, which logs them too.
          APP_LOG.error("Error in connection callback", e);
        }
      }
    }

    /**
     * Stops watching the channel for 100 ms. The loop's selector is level triggered and the failed
     * connection is still in the backlog, so the channel would be ready again at once; waiting lets
     * file descriptors be freed meanwhile (the pause Tornado lacks).
     */
    private void pause(IOException e) {
      GEN_LOG.error(
          "Cannot accept connections on {}: {}; pausing accept for {} ms",
          local,
          e.getMessage(),
          ACCEPT_PAUSE_MILLIS);
      loop.updateHandler(channel, IOLoop.NONE);
      if (resume == null) {
        resume = loop.callLater(Duration.ofMillis(ACCEPT_PAUSE_MILLIS), this::resume);
      }
    }

    private void resume() {
      resume = null;
      if (!removed.get()) {
        loop.updateHandler(channel, IOLoop.READ);
      }
    }

    void remove() {
      if (!removed.compareAndSet(false, true)) {
        return;
      }
      if (loop.inLoopThread()) {
        unregister();
      } else {
        // A false return means the loop is closed, which already dropped the registration.
        loop.addCallback(this::unregister);
      }
    }

    private void unregister() {
      if (loop.isClosed()) {
        return;
      }
      if (resume != null) {
        loop.removeTimeout(resume);
        resume = null;
      }
      loop.removeHandler(channel);
    }
  }

  private static void checkPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
  }

  private static void checkBacklog(int backlog) {
    if (backlog <= 0) {
      throw new IllegalArgumentException("backlog: " + backlog + " (expected: > 0)");
    }
  }

  /** Closes {@code channel}; a failure is added to {@code primary} when there is one. */
  private static void closeQuietly(Channel channel, Throwable primary) {
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

  // ---------------------------------------------------------------- isValidIp

  /**
   * Whether {@code ip} is a well-formed IPv4 or IPv6 address literal. Purely syntactic: never
   * resolves a name and never looks at the host's network interfaces.
   *
   * <p>Accepted:
   *
   * <ul>
   *   <li>IPv4 in dotted-quad form only: exactly four decimal parts, each 0 to 255, without leading
   *       zeros ({@code 0.0.0.0} and {@code 10.0.0.1}, not {@code 010.0.0.1}).
   *   <li>IPv6 in every text form of RFC 4291 section 2.2: eight groups of one to four hex digits,
   *       one {@code ::} for a run of zero groups, and an IPv4 dotted quad in place of the last two
   *       groups ({@code ::ffff:1.2.3.4}); hex digits in either case.
   *   <li>An IPv6 address followed by a zone id ({@code fe80::1%lo}, {@code fe80::1%2}, RFC 4007
   *       section 11): a non-empty run of ASCII letters, digits, {@code .}, {@code _} or {@code -}.
   * </ul>
   *
   * <p>Differences from Tornado, which asks {@code getaddrinfo(AI_NUMERICHOST)}: the legacy {@code
   * inet_aton} IPv4 forms ({@code 127.1}, {@code 0x7f.0.0.1}, {@code 017.0.0.1}, {@code 1}, {@code
   * 4294967295}) are rejected, because different parsers read them differently (a leading zero
   * means octal to {@code inet_aton} and decimal to others), which is a known way to smuggle an
   * address past a filter; and a zone id is checked for its syntax only, so {@code fe80::1%eth99}
   * is accepted even when the host has no interface {@code eth99} (Tornado rejects it).
   *
   * <p>Rejected, among others: {@code null}, the empty string, any whitespace or control character
   * (including NUL and a newline), brackets ({@code [::1]}), prefix lengths ({@code ::1/128}), host
   * names ({@code localhost}), {@code 1.2.3.256}, {@code :::}, {@code 1::2::3}, nine groups, a
   * group of five hex digits, and an IPv4 part that is not last.
   *
   * @param ip the candidate text, may be {@code null}
   * @return true if {@code ip} is an IPv4 or IPv6 literal as described above
   */
  public static boolean isValidIp(String ip) {
    if (ip == null || ip.isEmpty()) {
      return false;
    }
    // Every character outside the small alphabets below (NUL, whitespace, brackets, '/', non-ASCII
    // digits) makes the parsers fail, so no separate character screening is needed.
    if (ip.indexOf(':') < 0) {
      return isIpv4(ip, 0, ip.length());
    }
    return isIpv6(ip);
  }

  /**
   * Whether {@code s[from, to)} is a strict dotted quad: four parts of one to three ASCII digits,
   * each at most 255 and without a leading zero (glibc's {@code inet_pton} rules, which are also
   * those of RFC 4291's embedded IPv4 form).
   */
  private static boolean isIpv4(String s, int from, int to) {
    int parts = 0;
    int i = from;
    while (true) {
      int start = i;
      int value = 0;
      while (i < to && isAsciiDigit(s.charAt(i))) {
        if (i - start == 3) {
          return false;
        }
        value = value * 10 + (s.charAt(i) - '0');
        i++;
      }
      int length = i - start;
      if (length == 0 || value > 255 || (length > 1 && s.charAt(start) == '0')) {
        return false;
      }
      parts++;
      if (i == to) {
        return parts == 4;
      }
      if (s.charAt(i) != '.' || parts == 4) {
        return false;
      }
      i++;
    }
  }

  /**
   * RFC 4291 section 2.2 text forms, with an optional zone id. Scans the groups left to right
   * counting them; {@code ::} may appear once and stands for at least one zero group, so a
   * compressed address has at most seven explicit groups (the embedded IPv4 tail counts as two).
   */
  private static boolean isIpv6(String s) {
    int end = s.indexOf('%');
    if (end < 0) {
      end = s.length();
    } else if (!isZoneId(s, end + 1, s.length())) {
      return false;
    }
    int groups = 0;
    boolean compressed = false;
    int i = 0;
    if (s.startsWith("::")) {
      compressed = true;
      i = 2;
      if (i == end) {
        return true;
      }
    }
    while (true) {
      int j = i;
      while (j < end && j - i <= 4 && isHexDigit(s.charAt(j))) {
        j++;
      }
      if (j < end && s.charAt(j) == '.') {
        // The embedded IPv4 form may only replace the last 32 bits: it must run to the end.
        if (!isIpv4(s, i, end)) {
          return false;
        }
        groups += 2;
        break;
      }
      int length = j - i;
      if (length == 0 || length > 4) {
        return false;
      }
      groups++;
      if (j == end) {
        break;
      }
      if (s.charAt(j) != ':') {
        return false;
      }
      if (j + 1 < end && s.charAt(j + 1) == ':') {
        if (compressed) {
          return false;
        }
        compressed = true;
        i = j + 2;
        if (i == end) {
          break;
        }
      } else {
        i = j + 1;
        if (i == end) {
          return false;
        }
      }
    }
    return compressed ? groups <= 7 : groups == 8;
  }

  /**
   * RFC 4007 section 11 leaves the zone id's syntax to the host; interface names and indexes are in
   * practice letters, digits, '.', '_' and '-'. Non-empty.
   */
  private static boolean isZoneId(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      boolean ok =
          isAsciiDigit(c)
              || (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** ASCII only: {@link Character#isDigit} would also accept other scripts' digits. */
  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHexDigit(char c) {
    return isAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /**
   * Tornado's {@code ssl_options_to_context}: the {@link SSLContext} for the next connection made
   * with {@code options} (a supplier-based options object is asked again each time); see {@link
   * SSLOptions#toContext()}.
   */
  public static SSLContext sslOptionsToContext(SSLOptions options) {
    return options.toContext();
  }

  /**
   * Tornado's {@code ssl_wrap_socket}: a configured {@link SSLEngine} for one connection (client
   * mode unless {@code serverSide}; SNI and host name verification for {@code serverHostname} on a
   * client). The handshake is left to the caller, as with {@code do_handshake_on_connect=False};
   * the TLS stream drives it. See {@link SSLOptions#createEngine}.
   */
  public static SSLEngine sslWrapSocket(
      SSLOptions options, boolean serverSide, String serverHostname, InetSocketAddress peer) {
    return options.createEngine(serverSide, serverHostname, peer);
  }
}
