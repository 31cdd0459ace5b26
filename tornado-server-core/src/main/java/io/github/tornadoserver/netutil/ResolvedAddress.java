package io.github.tornadoserver.netutil;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.util.Objects;

/**
 * One answer of a {@link Resolver}: Tornado's {@code (family, address)} pair.
 *
 * @param family {@link StandardProtocolFamily#INET} or {@link StandardProtocolFamily#INET6}, the
 *     family of {@code address}
 * @param address a resolved socket address, ready for {@link
 *     java.nio.channels.SocketChannel#connect}
 */
public record ResolvedAddress(ProtocolFamily family, InetSocketAddress address) {
  /**
   * @throws IllegalArgumentException if {@code address} is unresolved or {@code family} is not its
   *     family
   */
  public ResolvedAddress {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(address, "address");
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("address: " + address + " (expected: a resolved address)");
    }
    if (family != familyOf(address)) {
      throw new IllegalArgumentException(
          "family: " + family + " (expected: " + familyOf(address) + " for " + address + ")");
    }
  }

  /** The pair for {@code address}, its family read from the address. */
  public static ResolvedAddress of(InetSocketAddress address) {
    Objects.requireNonNull(address, "address");
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("address: " + address + " (expected: a resolved address)");
    }
    return new ResolvedAddress(familyOf(address), address);
  }

  private static StandardProtocolFamily familyOf(InetSocketAddress address) {
    return address.getAddress() instanceof Inet6Address
        ? StandardProtocolFamily.INET6
        : StandardProtocolFamily.INET;
  }
}
