package io.github.tornadoserver.spring.health;

import io.github.tornadoserver.netutil.NetUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Watches whether one server listens. A server that was started (or seen listening) and no longer
 * listens has stopped; one never started has not started (yet). Thread-safe.
 */
final class ServerWatch {
  private final String name;
  private final Supplier<List<SocketAddress>> addresses;
  private volatile boolean started;

  ServerWatch(String name, Supplier<List<SocketAddress>> addresses) {
    this.name = name;
    this.addresses = addresses;
  }

  String name() {
    return name;
  }

  /** Records that the server started listening. */
  void markStarted() {
    started = true;
  }

  /** What the server listens on now; remembers that it listened. */
  List<String> listening() {
    List<String> now = addresses.get().stream().map(ServerWatch::describe).toList();
    if (!now.isEmpty()) {
      started = true;
    }
    return now;
  }

  /** Whether the server listened before and listens no more (call after {@link #listening}). */
  boolean stopped(List<String> listening) {
    return listening.isEmpty() && started;
  }

  /** The details of this server for {@code listening}. */
  Map<String, Object> details(List<String> listening) {
    String state = !listening.isEmpty() ? "listening" : started ? "stopped" : "not started";
    return Map.of("state", state, "addresses", listening);
  }

  /** {@code 127.0.0.1:8080}, {@code [::1]:8080}, or a Unix socket's path. */
  static String describe(SocketAddress address) {
    if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
      String ip = NetUtil.ipString(inet.getAddress());
      return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + inet.getPort();
    }
    return address.toString();
  }
}
