package io.github.tornadoserver.tcpserver;

import static io.github.tornadoserver.tcpserver.TCPServerTest.connect;
import static io.github.tornadoserver.tcpserver.TCPServerTest.echo;
import static io.github.tornadoserver.tcpserver.TCPServerTest.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.process.LoopGroup;
import io.github.tornadoserver.testing.Loops;
import io.github.tornadoserver.testing.TestCertificates;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link TCPServer} on a {@link LoopGroup} it is given, following its connections through their
 * close events, and draining them with {@link TCPServer#shutdown(Duration)}.
 */
class TCPServerDrainTest {
  private LoopGroup group;
  private TCPServer server;
  private final BlockingQueue<IOStream> held = new LinkedBlockingQueue<>();

  @BeforeEach
  void startGroup() {
    group = LoopGroup.start(2, "group-");
  }

  @AfterEach
  void stopAll() {
    if (server != null) {
      server.stop();
      server.closeAllConnections();
    }
    assertThat(group.shutdown(Duration.ofSeconds(5))).isTrue();
  }

  /** Keeps each connection open, reading nothing, until the test closes it. */
  private TCPServer.StreamHandler holding() {
    return (stream, address) -> {
      held.add(stream);
      return null;
    };
  }

  private int serveOnGroup(TCPServer.StreamHandler handler) {
    server = new TCPServer(handler);
    server.bind(0, "127.0.0.1");
    server.start(group);
    return ((InetSocketAddress) server.localAddresses().get(0)).getPort();
  }

  private IOStream nextHeld() throws InterruptedException {
    IOStream stream = held.poll(5, TimeUnit.SECONDS);
    assertThat(stream).as("a connection handed to the handler within 5 s").isNotNull();
    return stream;
  }

  private static int remotePort(IOStream stream) {
    return ((InetSocketAddress) Loops.call(stream.ioLoop(), stream::remoteAddress)).getPort();
  }

  private static void closeOnItsLoop(IOStream stream) {
    stream.ioLoop().addCallback(stream::close);
  }

  @Test
  void servesOnEveryLoopOfAGivenGroup() throws Exception {
    // The first handler holds its loop until the second connection is handled: only the other
    // loop can accept that one, so both loops of the group must serve.
    Set<String> threads = ConcurrentHashMap.newKeySet();
    CountDownLatch secondHandled = new CountDownLatch(1);
    AtomicBoolean firstTaken = new AtomicBoolean();
    int port =
        serveOnGroup(
            (stream, address) -> {
              threads.add(Thread.currentThread().getName());
              if (firstTaken.compareAndSet(false, true)) {
                await(secondHandled);
              } else {
                secondHandled.countDown();
              }
              return echo(stream);
            });
    try (Socket a = connect(port);
        Socket b = connect(port)) {
      assertThat(roundTrip(a, "a")).isEqualTo("a");
      assertThat(roundTrip(b, "b")).isEqualTo("b");
    }
    assertThat(threads).containsExactlyInAnyOrder("group-0", "group-1");
    assertThat(server.loopGroup()).isSameAs(group);
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void twoServersShareOneGroupAndStoppingOneLeavesTheGroupRunning() throws Exception {
    int first = serveOnGroup((stream, address) -> echo(stream));
    TCPServer other = new TCPServer((stream, address) -> echo(stream));
    other.bind(0, "127.0.0.1");
    other.start(group.first(1));
    int second = ((InetSocketAddress) other.localAddresses().get(0)).getPort();
    try (Socket client = connect(second)) {
      assertThat(roundTrip(client, "other")).isEqualTo("other");
    }
    other.stop().get(5, TimeUnit.SECONDS);
    try (Socket client = connect(first)) {
      assertThat(roundTrip(client, "still")).isEqualTo("still");
    }
  }

  @Test
  void withAReusePortBindTheOtherBindsAreStillSharedByEveryLoop() throws Exception {
    server = new TCPServer((stream, address) -> echo(stream));
    server.bind(0, "127.0.0.1");
    int shared = ((InetSocketAddress) server.localAddresses().get(0)).getPort();
    server.bind(0, ListenOptions.defaults().withAddress("127.0.0.1").withReusePort(true));
    server.start(group);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(1);
    group
        .loops()
        .get(0)
        .addCallback(
            () -> {
              blocked.countDown();
              await(release);
            });
    try {
      await(blocked);
      // Loop 0 is blocked: only loop 1 can accept on the shared port.
      try (Socket client = connect(shared)) {
        assertThat(roundTrip(client, "via loop 1")).isEqualTo("via loop 1");
      }
    } finally {
      release.countDown();
    }
  }

  @Test
  void aStoppedServerCanBeBoundAndStartedAgain() throws Exception {
    serveOnGroup((stream, address) -> echo(stream));
    server.stop().get(5, TimeUnit.SECONDS);
    server.bind(0, "127.0.0.1");
    server.start(group);
    int port = ((InetSocketAddress) server.localAddresses().get(0)).getPort();
    try (Socket client = connect(port)) {
      assertThat(roundTrip(client, "again")).isEqualTo("again");
    }
  }

  @Test
  void theConnectionCountFollowsCloseEventsWhileTheHandlerKeepsTheCloseCallback() throws Exception {
    CompletableFuture<Integer> countWhenClosed = new CompletableFuture<>();
    int port =
        serveOnGroup(
            (stream, address) -> {
              stream.setCloseCallback(() -> countWhenClosed.complete(server.connectionCount()));
              return echo(stream);
            });
    try (Socket client = connect(port)) {
      assertThat(roundTrip(client, "x")).isEqualTo("x");
      assertThat(server.connectionCount()).isEqualTo(1);
    }
    assertThat(countWhenClosed.get(5, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void shutdownWithNoConnectionCompletesTrueOnceAcceptingStopped() throws Exception {
    int port = serveOnGroup(holding());
    assertThat(server.shutdown(Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(server.localAddresses()).isEmpty();
    assertRefused(port);
  }

  @Test
  void shutdownCompletesTrueWhenTheLastConnectionCloses() throws Exception {
    int port = serveOnGroup(holding());
    try (Socket a = connect(port);
        Socket b = connect(port)) {
      // Two loops accept: the handler may see b's connection before a's.
      IOStream one = nextHeld();
      IOStream other = nextHeld();
      boolean oneIsA = remotePort(one) == a.getLocalPort();
      IOStream first = oneIsA ? one : other;
      IOStream second = oneIsA ? other : one;
      CompletableFuture<Boolean> drained = server.shutdown(Duration.ofSeconds(30));
      closeOnItsLoop(first);
      assertThat(a.getInputStream().read()).isEqualTo(-1);
      assertThat(drained).isNotDone();
      closeOnItsLoop(second);
      // Well before the 30 s deadline: completed by the close event, not a timer.
      assertThat(drained.get(5, TimeUnit.SECONDS)).isTrue();
      assertThat(b.getInputStream().read()).isEqualTo(-1);
      assertThat(server.connectionCount()).isZero();
    }
  }

  @Test
  void shutdownClosesWhatIsLeftAtTheDeadlineAndCompletesFalse() throws Exception {
    int port = serveOnGroup(holding());
    try (Socket client = connect(port)) {
      IOStream stream = nextHeld();
      CompletableFuture<Boolean> drained = server.shutdown(Duration.ofMillis(100));
      assertThat(drained.get(5, TimeUnit.SECONDS)).isFalse();
      assertThat(client.getInputStream().read()).isEqualTo(-1);
      assertThat(Loops.call(stream.ioLoop(), stream::closed)).isTrue();
    }
  }

  @Test
  void aSecondShutdownSharesTheWaitOfTheFirst() throws Exception {
    int port = serveOnGroup(holding());
    try (Socket client = connect(port)) {
      IOStream stream = nextHeld();
      assertThat(client.isConnected()).isTrue();
      CompletableFuture<Boolean> first = server.shutdown(Duration.ofSeconds(30));
      CompletableFuture<Boolean> second = server.shutdown(Duration.ofSeconds(30));
      closeOnItsLoop(stream);
      assertThat(first.get(5, TimeUnit.SECONDS)).isTrue();
      assertThat(second.get(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void closeAllConnectionsClosesEveryStreamOnItsLoop() throws Exception {
    int port = serveOnGroup(holding());
    try (Socket a = connect(port);
        Socket b = connect(port)) {
      List<IOStream> streams = List.of(nextHeld(), nextHeld());
      server.closeAllConnections();
      assertThat(a.getInputStream().read()).isEqualTo(-1);
      assertThat(b.getInputStream().read()).isEqualTo(-1);
      for (IOStream stream : streams) {
        assertThat(Loops.call(stream.ioLoop(), stream::closed)).isTrue();
      }
    }
  }

  @Test
  void changingTheBuilderAfterBuildDoesNotChangeTheServer() throws Exception {
    TCPServer.Builder builder = TCPServer.builder((stream, address) -> echo(stream));
    server = builder.build();
    builder.sslOptions(TestCertificates.server()).maxBufferSize(2);
    server.bind(0, "127.0.0.1");
    server.start(group);
    int port = ((InetSocketAddress) server.localAddresses().get(0)).getPort();
    try (Socket client = connect(port)) {
      assertThat(roundTrip(client, "still plain, with room")).isEqualTo("still plain, with room");
    }
  }

  private static void assertRefused(int port) {
    try (Socket client = new Socket()) {
      client.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      throw new AssertionError("port " + port + " still accepts");
    } catch (SocketException e) {
      // refused: nobody listens
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
