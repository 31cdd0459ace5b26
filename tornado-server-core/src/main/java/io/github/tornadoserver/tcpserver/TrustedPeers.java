package io.github.tornadoserver.tcpserver;

import io.github.tornadoserver.netutil.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The peers a server believes about who the client is: the proxies allowed to send a PROXY protocol
 * header or forwarded headers. Each entry is an IP address ({@code 192.0.2.7}, {@code ::1}), a
 * network in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}), or {@code unix} for every peer
 * on a Unix domain socket (which has no address to check). Immutable and thread-safe.
 */
public final class TrustedPeers {
  private static final TrustedPeers NONE = new TrustedPeers(List.of(), false, List.of());

  private final List<Range> ranges;
  private final boolean unix;
  private final List<String> entries;

  private record Range(byte[] network, int prefix) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return rest == 0 || ((address[full] ^ network[full]) & mask) == 0;
    }
  }

  private TrustedPeers(List<Range> ranges, boolean unix, List<String> entries) {
    this.ranges = ranges;
    this.unix = unix;
    this.entries = entries;
  }

  /** Trusts nobody. */
  public static TrustedPeers none() {
    return NONE;
  }

  /**
   * Trusts the listed addresses and networks.
   *
   * @throws IllegalArgumentException naming the first entry that is none of the forms above
   */
  public static TrustedPeers of(Collection<String> entries) {
    List<Range> ranges = new ArrayList<>();
    boolean unix = false;
    for (String entry : entries) {
      String trimmed = entry == null ? "" : entry.trim();
      if (trimmed.equals("unix")) {
        unix = true;
      } else {
        ranges.add(parse(trimmed));
      }
    }
    return new TrustedPeers(List.copyOf(ranges), unix, List.copyOf(entries));
  }

  /** {@link #of(Collection)} for a few entries. */
  public static TrustedPeers of(String... entries) {
    return of(List.of(entries));
  }

  private static Range parse(String entry) {
    int slash = entry.indexOf('/');
    String address = slash < 0 ? entry : entry.substring(0, slash);
    if (!NetUtil.isValidIp(address)) {
      throw invalid(entry);
    }
    byte[] bytes = literal(address, entry);
    int bits = bytes.length * 8;
    int prefix = slash < 0 ? bits : prefix(entry.substring(slash + 1), bits, entry);
    return new Range(bytes, prefix);
  }

  private static byte[] literal(String address, String entry) {
    try {
      return InetAddress.getByName(address).getAddress(); // a literal: parsed, never looked up
    } catch (UnknownHostException e) {
      throw invalid(entry);
    }
  }

  private static int prefix(String text, int bits, String entry) {
    boolean digits =
        !text.isEmpty() && text.length() <= 3 && text.chars().allMatch(c -> c >= '0' && c <= '9');
    int prefix = digits ? Integer.parseInt(text) : -1;
    if (prefix < 0 || prefix > bits) {
      throw invalid(entry);
    }
    return prefix;
  }

  private static IllegalArgumentException invalid(String entry) {
    return new IllegalArgumentException(
        "trusted peer \""
            + entry
            + "\" (expected: an IP address, an address/prefix with a prefix of 0-32 for IPv4 or"
            + " 0-128 for IPv6, or \"unix\")");
  }

  /** Whether nobody is trusted. */
  public boolean isEmpty() {
    return ranges.isEmpty() && !unix;
  }

  /** Whether a connection from {@code peer} is trusted; null (unknown) never is. */
  public boolean trusts(SocketAddress peer) {
    if (peer instanceof UnixDomainSocketAddress) {
      return unix;
    }
    if (peer instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return trusts(inet.getAddress());
    }
    return false;
  }

  /** Whether {@code address} is in one of the trusted ranges. */
  public boolean trusts(InetAddress address) {
    return trusts(address.getAddress());
  }

  /** Whether {@code ip} (an address in text) is in one of the trusted ranges. */
  public boolean trusts(String ip) {
    return NetUtil.isValidIp(ip) && trusts(parse(ip).network());
  }

  private boolean trusts(byte[] address) {
    for (Range range : ranges) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "TrustedPeers" + entries;
  }
}
