package io.github.tornadoserver.tcpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.netutil.BlockingResolver;
import io.github.tornadoserver.netutil.UnresolvedHostException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Plain TCP connects against servers of this project on 127.0.0.1 and ::1. */
class TCPClientTest extends ClientTestSupport {
  private TCPClient client(FixedResolver resolver, Duration secondaryDelay) {
    return new TCPClient(resolver, false, secondaryDelay);
  }

  @Test
  void connectsToAnIpv4LiteralAndTalks() {
    int port = echoServer("127.0.0.1");
    TCPClient client = closeLater(new TCPClient());
    String echoed =
        run(() -> client.connect("127.0.0.1", port).thenCompose(s -> roundTrip(s, "hello")));
    assertThat(echoed).isEqualTo("hello");
  }

  @Test
  void connectsToLocalhostByName() {
    int port = echoServer("127.0.0.1");
    TCPClient client = closeLater(new TCPClient());
    IOStream stream = run(() -> client.connect("localhost", port));
    assertThat(remotePort(stream)).isEqualTo(port);
    stream.close();
  }

  @Test
  void connectsToAnIpv6Literal() {
    assumeIpv6Loopback();
    int port = echoServer("::1");
    TCPClient client = closeLater(new TCPClient());
    for (String host : List.of("::1", "[::1]")) {
      IOStream stream = run(() -> client.connect(host, port));
      assertThat(run(() -> roundTrip(stream, "six"))).isEqualTo("six");
      stream.close();
    }
  }

  @Test
  void aRefusedAddressFallsThroughToTheNextOfItsFamily() throws IOException {
    int live = echoServer("127.0.0.1");
    int dead = refusingPort("127.0.0.1");
    FixedResolver resolver =
        new FixedResolver(List.of(address("127.0.0.1", dead), address("127.0.0.1", live)));
    IOStream stream = run(() -> client(resolver, Duration.ofHours(1)).connect("svc.test", 80));
    assertThat(remotePort(stream)).isEqualTo(live);
    stream.close();
  }

  @Test
  void aRefusedFirstFamilyFallsThroughToTheSecondWithoutWaitingForTheDelay() throws IOException {
    assumeIpv6Loopback();
    int live = echoServer("127.0.0.1");
    FixedResolver resolver =
        new FixedResolver(List.of(address("::1", refusingPort("::1")), address("127.0.0.1", live)));
    // The delay is an hour: only the refusal can have started the second family.
    IOStream stream = run(() -> client(resolver, Duration.ofHours(1)).connect("svc.test", 80));
    assertThat(remoteIp(stream)).isEqualTo("127.0.0.1");
    stream.close();
  }

  @Test
  void theSecondFamilyStartsWhenTheFirstIsSlowAndWins() throws IOException {
    assumeIpv6Loopback();
    int live = echoServer("127.0.0.1");
    Unaccepting slow = closeLater(new Unaccepting("::1", true));
    FixedResolver resolver =
        new FixedResolver(List.of(address("::1", slow.port()), address("127.0.0.1", live)));
    long start = System.nanoTime();
    IOStream stream = run(() -> client(resolver, Duration.ofMillis(100)).connect("svc.test", 80));
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(100));
    assertThat(remoteIp(stream)).isEqualTo("127.0.0.1");
    stream.close();
  }

  @Test
  void whenNoAddressConnectsTheFailureNamesEveryAddressTried() throws IOException {
    int first = refusingPort("127.0.0.1");
    int second = refusingPort("127.0.0.1");
    FixedResolver resolver =
        new FixedResolver(List.of(address("127.0.0.1", first), address("127.0.0.1", second)));
    Throwable failure =
        failureOf(() -> client(resolver, Duration.ofHours(1)).connect("svc.test", 80));
    assertThat(failure)
        .isInstanceOf(ConnectException.class)
        .hasMessageStartingWith("cannot connect to svc.test:80: 127.0.0.1:" + first + " ")
        .hasMessageContaining("; 127.0.0.1:" + second + " ")
        .hasCauseInstanceOf(ConnectException.class);
  }

  @Test
  void anUnresolvableHostFailsWithTheResolversException() {
    TCPClient client = closeLater(new TCPClient());
    Throwable failure = failureOf(() -> client.connect("no-such-host.invalid", 80));
    assertThat(failure)
        .isInstanceOf(UnresolvedHostException.class)
        .hasMessageContaining("no-such-host.invalid");
  }

  @Test
  void aResolverWithoutAnswersFailsTheConnect() {
    FixedResolver empty = new FixedResolver(List.of());
    Throwable failure = failureOf(() -> client(empty, Duration.ofHours(1)).connect("svc.test", 80));
    assertThat(failure)
        .isInstanceOf(UnresolvedHostException.class)
        .hasMessage("cannot resolve svc.test: the resolver returned no address");
  }

  @Test
  void theTimeoutCoversAResolverThatNeverAnswers() {
    FixedResolver silent = new FixedResolver();
    ConnectOptions options = ConnectOptions.builder().timeout(Duration.ofMillis(100)).build();
    Throwable failure =
        failureOf(() -> client(silent, Duration.ofHours(1)).connect("svc.test", 80, options));
    assertThat(failure)
        .isInstanceOf(TimeoutException.class)
        .hasMessage("connect to svc.test:80 timed out after 100 ms");
  }

  @Test
  void theTimeoutCoversAConnectThatNeverCompletes() throws IOException {
    Unaccepting slow = closeLater(new Unaccepting("127.0.0.1", true));
    FixedResolver resolver = new FixedResolver(List.of(address("127.0.0.1", slow.port())));
    ConnectOptions options = ConnectOptions.builder().timeout(Duration.ofMillis(200)).build();
    Throwable failure =
        failureOf(() -> client(resolver, Duration.ofHours(1)).connect("svc.test", 80, options));
    assertThat(failure)
        .isInstanceOf(TimeoutException.class)
        .hasMessage("connect to svc.test:80 timed out after 200 ms");
  }

  @Test
  void theSourcePortIsTheOneAskedFor() throws IOException {
    CompletableFuture<SocketAddress> peer = new CompletableFuture<>();
    int port =
        server(
            "127.0.0.1",
            null,
            (stream, address) -> {
              peer.complete(address);
              return null;
            });
    int sourcePort;
    try (ServerSocket probe = new ServerSocket(0)) {
      sourcePort = probe.getLocalPort();
    }
    TCPClient client = closeLater(new TCPClient());
    ConnectOptions options =
        ConnectOptions.builder().sourceIp("127.0.0.1").sourcePort(sourcePort).build();
    IOStream stream = run(() -> client.connect("127.0.0.1", port, options));
    assertThat(((InetSocketAddress) stream.channel().getLocalAddress()).getPort())
        .isEqualTo(sourcePort);
    assertThat(((InetSocketAddress) run(() -> peer)).getPort()).isEqualTo(sourcePort);
    stream.close();
  }

  @Test
  void aSourcePortAloneBindsTheWildcardSoAnyDestinationIsReachable() throws IOException {
    int port = echoServer("127.0.0.1");
    int sourcePort;
    try (ServerSocket probe = new ServerSocket(0)) {
      sourcePort = probe.getLocalPort();
    }
    TCPClient client = closeLater(new TCPClient());
    IOStream stream =
        run(
            () ->
                client.connect(
                    "127.0.0.1", port, ConnectOptions.builder().sourcePort(sourcePort).build()));
    InetSocketAddress local = (InetSocketAddress) stream.channel().getLocalAddress();
    assertThat(local.getPort()).isEqualTo(sourcePort);
    assertThat(local.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    stream.close();
  }

  @Test
  void aSourceIpLimitsTheLookupToItsFamily() {
    int port = echoServer("127.0.0.1");
    FixedResolver resolver = new FixedResolver(List.of(address("127.0.0.1", port)));
    ConnectOptions options = ConnectOptions.builder().sourceIp("127.0.0.1").build();
    IOStream stream =
        run(() -> client(resolver, Duration.ofHours(1)).connect("svc.test", port, options));
    assertThat(resolver.familiesAsked).containsExactly(StandardProtocolFamily.INET);
    stream.close();
  }

  @Test
  void theStreamHasTheBufferLimitAskedFor() {
    int port = echoServer("127.0.0.1");
    TCPClient client = closeLater(new TCPClient());
    IOStream stream =
        run(
            () ->
                client.connect(
                    "127.0.0.1", port, ConnectOptions.builder().maxBufferSize(4096).build()));
    assertThat(stream.options().maxBufferSize()).isEqualTo(4096);
    stream.close();
  }

  @Test
  void closeClosesOnlyAResolverTheClientMade() {
    TCPClient owning = new TCPClient();
    owning.close();
    assertThatThrownBy(() -> owning.resolver().resolve("127.0.0.1", 80))
        .isInstanceOf(IllegalStateException.class);
    BlockingResolver given = new BlockingResolver();
    new TCPClient(given).close();
    assertThat(given.resolve("127.0.0.1", 80).join()).hasSize(1);
  }

  @Test
  void badArgumentsAreRefusedAtOnce() {
    TCPClient client = closeLater(new TCPClient(new BlockingResolver()));
    assertThatThrownBy(() -> client.connect("", 80))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("host: \"\" (expected: a host name or an IP literal)");
    assertThatThrownBy(() -> client.connect("localhost", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port: 0 (expected: 1..65535)");
  }
}
