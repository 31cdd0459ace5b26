package io.github.tornadoserver.netutil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.Channel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BindSocketsTest {
  private final List<Channel> opened = new ArrayList<>();

  @AfterEach
  void closeEverything() throws IOException {
    for (Channel channel : opened) {
      channel.close();
    }
  }

  private List<ServerSocketChannel> track(List<ServerSocketChannel> channels) {
    opened.addAll(channels);
    return channels;
  }

  private static InetSocketAddress local(ServerSocketChannel channel) throws IOException {
    return (InetSocketAddress) channel.getLocalAddress();
  }

  private static InetAddress ip(String literal) throws IOException {
    return InetAddress.getByName(literal);
  }

  /** Whether this host can bind and connect to ::1 (not the case in some containers). */
  private static boolean ipv6LoopbackWorks() {
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET6)) {
      server.bind(new InetSocketAddress(ip("::1"), 0));
      try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
        return client.isConnected();
      }
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** Connects a blocking client to {@code target} and returns the address the server sees. */
  private SocketAddress connectAndAccept(ServerSocketChannel server, InetSocketAddress target)
      throws IOException {
    SocketChannel client = SocketChannel.open(target);
    opened.add(client);
    SocketChannel accepted;
    // The server channel is non-blocking: wait for the connection with a bounded select.
    try (Selector selector = Selector.open()) {
      SelectionKey key = server.register(selector, SelectionKey.OP_ACCEPT);
      selector.select(2000);
      key.cancel();
      accepted = server.accept();
    }
    assertThat(accepted).as("accepted connection").isNotNull();
    opened.add(accepted);
    return accepted.getRemoteAddress();
  }

  @Test
  void portZeroOnLocalhostGivesEverySocketTheSamePort() throws IOException {
    // P7, netutil_test.TestPortAllocation.test_same_port_allocation.
    List<ServerSocketChannel> channels = track(NetUtil.bindSockets(0, "localhost"));

    assertThat(channels).isNotEmpty();
    int port = local(channels.get(0)).getPort();
    assertThat(port).isPositive();
    for (ServerSocketChannel channel : channels) {
      assertThat(local(channel).getPort()).isEqualTo(port);
      assertThat(local(channel).getAddress().isLoopbackAddress()).isTrue();
    }
  }

  @Test
  void portZeroSharesTheFirstEphemeralPortAcrossFamilies() throws IOException {
    assumeTrue(ipv6LoopbackWorks(), "IPv6 loopback unavailable");
    List<ServerSocketChannel> channels =
        track(SocketBinding.bindAll(null, List.of(ip("127.0.0.1"), ip("::1")), 0, 128, false));

    assertThat(channels).hasSize(2);
    assertThat(local(channels.get(0)).getAddress()).isInstanceOf(Inet4Address.class);
    assertThat(local(channels.get(1)).getAddress()).isInstanceOf(Inet6Address.class);
    assertThat(local(channels.get(1)).getPort()).isEqualTo(local(channels.get(0)).getPort());
  }

  @Test
  void bindsAnIpLiteralNonBlockingWithReuseAddress() throws IOException {
    List<ServerSocketChannel> channels = track(NetUtil.bindSockets(0, "127.0.0.1"));

    assertThat(channels).hasSize(1);
    ServerSocketChannel channel = channels.get(0);
    assertThat(local(channel).getAddress()).isEqualTo(ip("127.0.0.1"));
    assertThat(channel.isBlocking()).isFalse();
    assertThat(channel.getOption(StandardSocketOptions.SO_REUSEADDR)).isTrue();
    assertThat(channel.getOption(StandardSocketOptions.SO_REUSEPORT)).isFalse();
    assertThat(connectAndAccept(channel, local(channel))).isInstanceOf(InetSocketAddress.class);
  }

  @Test
  void reusePortLetsTwoSocketsBindOnePort() throws IOException {
    // P8, netutil_test.TestPortAllocation.test_reuse_port.
    List<ServerSocketChannel> first =
        track(NetUtil.bindSockets(0, "127.0.0.1", null, NetUtil.DEFAULT_BACKLOG, true));
    int port = local(first.get(0)).getPort();

    List<ServerSocketChannel> second =
        track(NetUtil.bindSockets(port, "127.0.0.1", null, NetUtil.DEFAULT_BACKLOG, true));

    assertThat(local(second.get(0)).getPort()).isEqualTo(port);
    assertThat(second.get(0).getOption(StandardSocketOptions.SO_REUSEPORT)).isTrue();
  }

  @Test
  void aPortInUseFailsNamingTheAddressAndPort() throws IOException {
    int port = local(track(NetUtil.bindSockets(0, "127.0.0.1")).get(0)).getPort();

    assertThatThrownBy(() -> track(NetUtil.bindSockets(port, "127.0.0.1")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot bind 127.0.0.1:" + port + ": Address already in use")
        .hasCauseInstanceOf(BindException.class);
  }

  @Test
  void aFailedBindClosesTheChannelsAlreadyBound() throws IOException {
    assumeTrue(ipv6LoopbackWorks(), "IPv6 loopback unavailable");
    ServerSocketChannel blocker = ServerSocketChannel.open(StandardProtocolFamily.INET6);
    opened.add(blocker);
    blocker.bind(new InetSocketAddress(ip("::1"), 0));
    int port = local(blocker).getPort();

    assertThatThrownBy(
            () ->
                track(
                    SocketBinding.bindAll(
                        null, List.of(ip("127.0.0.1"), ip("::1")), port, 8, false)))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot bind [::1]:" + port + ": Address already in use");

    // The 127.0.0.1 channel bound before the failure was closed: the port is free again there.
    List<ServerSocketChannel> again = track(NetUtil.bindSockets(port, "127.0.0.1"));
    assertThat(local(again.get(0)).getPort()).isEqualTo(port);
  }

  @Test
  void familyInetKeepsOnlyIpv4AddressesOfAHostName() throws IOException {
    List<ServerSocketChannel> channels =
        track(
            NetUtil.bindSockets(
                0, "localhost", StandardProtocolFamily.INET, NetUtil.DEFAULT_BACKLOG, false));

    assertThat(channels).isNotEmpty();
    for (ServerSocketChannel channel : channels) {
      assertThat(local(channel).getAddress()).isInstanceOf(Inet4Address.class);
    }
  }

  @Test
  void aLiteralOfTheOtherFamilyIsRefused() {
    assertThatThrownBy(
            () ->
                track(
                    NetUtil.bindSockets(
                        0,
                        "127.0.0.1",
                        StandardProtocolFamily.INET6,
                        NetUtil.DEFAULT_BACKLOG,
                        false)))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot resolve 127.0.0.1: 127.0.0.1 has no INET6 address");
    assertThatThrownBy(
            () ->
                track(
                    NetUtil.bindSockets(
                        0, "::1", StandardProtocolFamily.INET, NetUtil.DEFAULT_BACKLOG, false)))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot resolve ::1: ::1 has no INET address");
  }

  @Test
  void theWildcardWithoutFamilyIsOneSocketThatAcceptsIpv4Clients() throws IOException {
    List<ServerSocketChannel> channels = track(NetUtil.bindSockets(0));

    assertThat(channels).hasSize(1);
    ServerSocketChannel channel = channels.get(0);
    assertThat(local(channel).getAddress().isAnyLocalAddress()).isTrue();
    int port = local(channel).getPort();
    SocketAddress seen = connectAndAccept(channel, new InetSocketAddress(ip("127.0.0.1"), port));
    assertThat(((InetSocketAddress) seen).getAddress()).isEqualTo(ip("127.0.0.1"));
    if (ipv6LoopbackWorks()) {
      seen = connectAndAccept(channel, new InetSocketAddress(ip("::1"), port));
      assertThat(((InetSocketAddress) seen).getAddress()).isEqualTo(ip("::1"));
    }
  }

  @Test
  void anEmptyAddressMeansTheWildcard() throws IOException {
    List<ServerSocketChannel> channels = track(NetUtil.bindSockets(0, ""));

    assertThat(channels).hasSize(1);
    assertThat(local(channels.get(0)).getAddress().isAnyLocalAddress()).isTrue();
  }

  @Test
  void theWildcardOfFamilyInetIsAnIpv4Socket() throws IOException {
    List<ServerSocketChannel> channels =
        track(
            NetUtil.bindSockets(
                0, null, StandardProtocolFamily.INET, NetUtil.DEFAULT_BACKLOG, false));

    assertThat(channels).hasSize(1);
    InetAddress address = local(channels.get(0)).getAddress();
    assertThat(address).isInstanceOf(Inet4Address.class);
    assertThat(address.isAnyLocalAddress()).isTrue();
  }

  @Test
  void theWildcardOfFamilyInet6IsTheIpv6Wildcard() throws IOException {
    assumeTrue(ipv6LoopbackWorks(), "IPv6 loopback unavailable");
    List<ServerSocketChannel> channels =
        track(
            NetUtil.bindSockets(
                0, null, StandardProtocolFamily.INET6, NetUtil.DEFAULT_BACKLOG, false));

    assertThat(channels).hasSize(1);
    InetAddress address = local(channels.get(0)).getAddress();
    assertThat(address).isInstanceOf(Inet6Address.class);
    assertThat(address.isAnyLocalAddress()).isTrue();
  }

  @Test
  void rejectsAPortOutOfRange() {
    assertThatThrownBy(() -> NetUtil.bindSockets(70000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port: 70000 (expected: 0..65535)");
    assertThatThrownBy(() -> NetUtil.bindSockets(-1, "127.0.0.1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port: -1 (expected: 0..65535)");
    assertThatThrownBy(() -> NetUtil.bindSockets(65536, "127.0.0.1"))
        .hasMessage("port: 65536 (expected: 0..65535)");
  }

  @Test
  void rejectsABacklogBelowOne() {
    assertThatThrownBy(() -> NetUtil.bindSockets(0, "127.0.0.1", null, 0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backlog: 0 (expected: > 0)");
    assertThatThrownBy(() -> NetUtil.bindSockets(0, "127.0.0.1", null, -5, false))
        .hasMessage("backlog: -5 (expected: > 0)");
  }

  @Test
  void rejectsTheUnixFamily() {
    assertThatThrownBy(
            () -> NetUtil.bindSockets(0, "127.0.0.1", StandardProtocolFamily.UNIX, 128, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("family: UNIX (expected: INET, INET6 or null for both)");
  }

  @Test
  void anUnresolvableHostFailsNamingIt() {
    assertThatThrownBy(() -> NetUtil.bindSockets(0, "no-such-host.invalid"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("cannot resolve no-such-host.invalid: ");
  }

  @Test
  void onlyTheIpv6LoopbackOfLocalhostMayBeSkippedWhenUnassignable() throws IOException {
    BindException unassignable = new BindException("Cannot assign requested address");

    assertThat(SocketBinding.isIpv6LocalhostUnavailable("localhost", ip("::1"), unassignable))
        .isTrue();
    assertThat(SocketBinding.isIpv6LocalhostUnavailable("LOCALHOST", ip("::1"), unassignable))
        .isTrue();
    assertThat(SocketBinding.isIpv6LocalhostUnavailable("::1", ip("::1"), unassignable)).isFalse();
    assertThat(SocketBinding.isIpv6LocalhostUnavailable("localhost", ip("127.0.0.1"), unassignable))
        .isFalse();
    assertThat(
            SocketBinding.isIpv6LocalhostUnavailable(
                "localhost", ip("::1"), new BindException("Address already in use")))
        .isFalse();
  }

  @Test
  void formatsIpv6AddressesCompressedInMessages() throws IOException {
    assertThat(IpText.hostPort(ip("::1"), 80)).isEqualTo("[::1]:80");
    assertThat(IpText.hostPort(ip("::"), 0)).isEqualTo("[::]:0");
    assertThat(IpText.hostPort(ip("2620:0:1cfe:face:b00c:0:0:3"), 1))
        .isEqualTo("[2620:0:1cfe:face:b00c::3]:1");
    assertThat(IpText.hostPort(ip("1:0:0:2:0:0:0:3"), 1)).isEqualTo("[1:0:0:2::3]:1");
    assertThat(IpText.hostPort(ip("1:0:0:2:0:0:3:4"), 1)).isEqualTo("[1::2:0:0:3:4]:1");
    assertThat(IpText.hostPort(ip("10.0.0.1"), 8888)).isEqualTo("10.0.0.1:8888");
  }
}
