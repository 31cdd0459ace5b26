package io.github.tornadoserver.tcpserver;

import io.github.tornadoserver.netutil.NetUtil;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;

/**
 * Where and how a server binds its listening sockets: Tornado's {@code address}, {@code family},
 * {@code backlog} and {@code reuse_port} arguments of {@code listen} and {@code bind}, as one
 * immutable value. Start from {@link #defaults()} and change what differs with the {@code with}
 * methods: {@code ListenOptions.defaults().withAddress("127.0.0.1").withReusePort(true)}.
 *
 * @param address the host name or IP literal to bind; null or empty for every interface
 * @param family {@link StandardProtocolFamily#INET} or {@link StandardProtocolFamily#INET6} to bind
 *     that family only; null for both
 * @param backlog the {@code listen} backlog, at least 1 ({@link NetUtil#DEFAULT_BACKLOG} by
 *     default)
 * @param reusePort {@code SO_REUSEPORT}: several sockets on the same port, the kernel spreading
 *     connections over them; with {@link TCPServer#start(int)} each loop gets a socket of its own
 */
public record ListenOptions(String address, ProtocolFamily family, int backlog, boolean reusePort) {
  private static final ListenOptions DEFAULTS =
      new ListenOptions(null, null, NetUtil.DEFAULT_BACKLOG, false);

  /**
   * @throws IllegalArgumentException for a family other than INET or INET6, or a backlog below 1
   *     (the message quotes the value)
   */
  public ListenOptions {
    if (family != null
        && family != StandardProtocolFamily.INET
        && family != StandardProtocolFamily.INET6) {
      throw new IllegalArgumentException(
          "family: " + family + " (expected: INET, INET6 or null for both)");
    }
    if (backlog < 1) {
      throw new IllegalArgumentException("backlog: " + backlog + " (expected: > 0)");
    }
  }

  /** Every interface, both families, a backlog of {@link NetUtil#DEFAULT_BACKLOG}, no reuse. */
  public static ListenOptions defaults() {
    return DEFAULTS;
  }

  /** These options bound to {@code value} (null or empty: every interface). */
  public ListenOptions withAddress(String value) {
    return new ListenOptions(value, family, backlog, reusePort);
  }

  /** These options for family {@code value} only (null: both). */
  public ListenOptions withFamily(ProtocolFamily value) {
    return new ListenOptions(address, value, backlog, reusePort);
  }

  /** These options with a {@code listen} backlog of {@code value}. */
  public ListenOptions withBacklog(int value) {
    return new ListenOptions(address, family, value, reusePort);
  }

  /** These options with {@code SO_REUSEPORT} on or off. */
  public ListenOptions withReusePort(boolean value) {
    return new ListenOptions(address, family, backlog, value);
  }
}
