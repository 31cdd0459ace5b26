package io.github.tornadoserver.netutil;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.tls.SSLOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * Tornado's {@code tornado.netutil}: static helpers to bind listening sockets, accept connections
 * on an {@code IOLoop}, check IP literals, and Tornado's names for the TLS functions of {@link
 * SSLOptions}.
 *
 * <p>This class is the facade with Tornado's names and contracts; the work is done by a
 * package-private class per concern (TCP and Unix-domain binding, the accept loop, IP text).
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
    return SocketBinding.bindSockets(port, address, family, backlog, reusePort);
  }

  /**
   * The text of an IP address as people write it: IPv4 dotted quad; IPv6 in the RFC 5952 form
   * ({@code ::1}, not {@link InetAddress#getHostAddress()}'s {@code 0:0:0:0:0:0:0:1}), with its
   * zone when it has one. This is what a request's remote IP looks like.
   */
  public static String ipString(InetAddress address) {
    return IpText.ipString(address);
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
    return UnixSocketBinding.bindUnixSocket(file, mode, backlog);
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
    return AcceptLoop.addAcceptHandler(channel, callback, channel::accept);
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
    return IpText.isValidIp(ip);
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
