package io.github.tornadoserver.tcpserver;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.iostream.StreamClosedException;
import io.github.tornadoserver.process.Process;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.Loops;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TCPServerTest {
  private IOLoop loop;
  private TCPServer server;

  @BeforeEach
  void startLoop() {
    loop = IOLoop.startInNewThread("server-loop", true);
  }

  @AfterEach
  void stopAll() {
    if (server != null) {
      server.stop();
      if (server.loopGroup() != null) {
        assertThat(server.loopGroup().shutdown(Duration.ofSeconds(5))).isTrue();
      }
    }
    Loops.stop(loop);
  }

  /** Echoes every byte back until the peer closes. */
  static CompletableFuture<Void> echo(IOStream stream) {
    return stream
        .readBytes(65536, true)
        .thenCompose(stream::write)
        .thenCompose(v -> echo(stream))
        .exceptionally(e -> null);
  }

  private int listen(TCPServer.StreamHandler handler) {
    server = new TCPServer(handler);
    Loops.run(loop, () -> server.listen(0, "127.0.0.1"));
    return port(server);
  }

  private static int port(TCPServer server) {
    return ((InetSocketAddress) server.localAddresses().get(0)).getPort();
  }

  static Socket connect(int port) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(5000);
    return socket;
  }

  static String roundTrip(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(US_ASCII));
    out.flush();
    byte[] buffer = new byte[text.length()];
    InputStream in = socket.getInputStream();
    int got = 0;
    while (got < buffer.length) {
      int n = in.read(buffer, got, buffer.length - got);
      if (n < 0) {
        break;
      }
      got += n;
    }
    return new String(buffer, 0, got, US_ASCII);
  }

  @Test
  void anEchoServerEchoesOnEveryConnection() throws IOException {
    int port = listen((stream, address) -> echo(stream));
    try (Socket a = connect(port);
        Socket b = connect(port)) {
      assertThat(roundTrip(a, "hello")).isEqualTo("hello");
      assertThat(roundTrip(b, "world")).isEqualTo("world");
      assertThat(roundTrip(a, "again")).isEqualTo("again");
    }
  }

  @Test
  void handleStreamReceivesThePeerAddress() throws IOException {
    CompletableFuture<SocketAddress> seen = new CompletableFuture<>();
    int port =
        listen(
            (stream, address) -> {
              seen.complete(address);
              stream.close();
              return null;
            });
    try (Socket client = connect(port)) {
      assertThat(seen.orTimeout(5, TimeUnit.SECONDS).join())
          .isEqualTo(client.getLocalSocketAddress());
    }
  }

  @Test
  void aHandlerWritingAndClosingIsReadUntilClose() throws IOException {
    int port =
        listen((stream, address) -> stream.write("data".getBytes(US_ASCII)).thenRun(stream::close));
    try (Socket client = connect(port)) {
      assertThat(new String(client.getInputStream().readAllBytes(), US_ASCII)).isEqualTo("data");
    }
  }

  @Test
  void aFailingHandlerStageIsLoggedAndTheClientSeesAClose() throws IOException {
    LogCapture.expect("tornado.application", Level.ERROR, "Exception in callback");
    int port =
        listen(
            (stream, address) ->
                stream
                    .readBytes(1)
                    .thenApply(
                        b -> {
                          stream.close();
                          throw new IllegalStateException("boom");
                        }));
    try (Socket client = connect(port)) {
      client.getOutputStream().write('x');
      assertThat(client.getInputStream().read()).isEqualTo(-1);
    }
    awaitLog("Exception in callback");
  }

  @Test
  void aHandlerThatThrowsIsLoggedAndItsConnectionClosed() throws IOException {
    LogCapture.expect("tornado.application", Level.ERROR, "Error in connection callback");
    int port =
        listen(
            (stream, address) -> {
              throw new IllegalStateException("boom");
            });
    try (Socket client = connect(port)) {
      assertThat(client.getInputStream().read()).isEqualTo(-1);
    }
    awaitLog("Error in connection callback");
    try (Socket again = connect(port)) {
      assertThat(again.getInputStream().read()).isEqualTo(-1);
    }
  }

  private static void awaitLog(String fragment) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (LogCapture.events().stream()
        .noneMatch(e -> e.getFormattedMessage().contains(fragment))) {
      assertThat(System.nanoTime()).as("log line '%s' within 5 s", fragment).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void stopRefusesNewConnectionsButLetsOpenOnesGoOn() throws IOException {
    int port = listen((stream, address) -> echo(stream));
    try (Socket open = connect(port)) {
      assertThat(roundTrip(open, "before")).isEqualTo("before");
      server.stop().orTimeout(5, TimeUnit.SECONDS).join();
      assertThatThrownBy(() -> connect(port).close()).isInstanceOf(ConnectException.class);
      assertThat(roundTrip(open, "after")).isEqualTo("after");
    }
  }

  @Test
  void stopTwiceIsHarmless() {
    listen((stream, address) -> echo(stream));
    server.stop();
    server.stop();
    assertThat(server.localAddresses()).isEmpty();
  }

  @Test
  void stopInsideHandleStreamRefusesTheClientsThatFollow() throws Exception {
    Set<Integer> served = ConcurrentHashMap.newKeySet();
    int port =
        listen(
            (stream, address) -> {
              served.add(served.size());
              server.stop();
              stream.close();
              return null;
            });
    int refusedOrReset = 0;
    for (int i = 0; i < 40; i++) {
      try (Socket client = connect(port)) {
        assertThat(client.getInputStream().read()).isEqualTo(-1);
      } catch (java.net.SocketException e) {
        // refused, or reset: queued in the backlog when the listening socket closed
        refusedOrReset++;
      }
    }
    assertThat(served).hasSize(1);
    assertThat(refusedOrReset).isGreaterThanOrEqualTo(38);
  }

  @Test
  void bindThenStartOnOneLoopServesOnTheCurrentLoop() throws IOException {
    server = new TCPServer((stream, address) -> echo(stream));
    server.bind(0, "127.0.0.1");
    Loops.run(loop, () -> server.start(1));
    try (Socket client = connect(port(server))) {
      assertThat(roundTrip(client, "one loop")).isEqualTo("one loop");
    }
  }

  @Test
  void startTwiceIsRefused() {
    server = new TCPServer((stream, address) -> echo(stream));
    server.bind(0, "127.0.0.1");
    Loops.run(loop, () -> server.start(1));
    assertThatThrownBy(() -> server.start(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already started");
  }

  @Test
  void startWithTwoLoopsServesConnectionsOnBothLoops() throws Exception {
    assertConnectionsServedOnTwoLoops();
  }

  @Test
  void startWithTwoLoopsAndReusePortServesConnectionsOnBothLoops() throws Exception {
    // The kernel spreads connections over the SO_REUSEPORT sockets by a hash of the addresses:
    // with 32 connections from different source ports, all on one loop has odds of 2^-31.
    Set<String> threads = ConcurrentHashMap.newKeySet();
    server =
        new TCPServer(
            (stream, address) -> {
              threads.add(Thread.currentThread().getName());
              return echo(stream);
            });
    server.bind(0, ListenOptions.defaults().withAddress("127.0.0.1").withReusePort(true));
    server.start(2);
    int port = port(server);
    for (int i = 0; i < 32; i++) {
      try (Socket client = connect(port)) {
        assertThat(roundTrip(client, "r" + i)).isEqualTo("r" + i);
      }
    }
    assertThat(threads).containsExactlyInAnyOrder("tornado-loop-0", "tornado-loop-1");
  }

  /**
   * The first connection's handler holds its loop until a second connection is handled: only the
   * other loop can accept that one, so both loops must serve.
   */
  private void assertConnectionsServedOnTwoLoops() throws Exception {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    Set<Integer> taskIds = ConcurrentHashMap.newKeySet();
    CountDownLatch secondHandled = new CountDownLatch(1);
    AtomicBoolean firstTaken = new AtomicBoolean();
    server =
        new TCPServer(
            (stream, address) -> {
              // Both loops may handle their connection at the same moment: exactly one is first.
              boolean first = firstTaken.compareAndSet(false, true);
              threads.add(Thread.currentThread().getName());
              taskIds.add(Process.taskId().orElse(-1));
              if (first) {
                await(secondHandled);
              } else {
                secondHandled.countDown();
              }
              return echo(stream);
            });
    server.bind(0, "127.0.0.1");
    server.start(2);
    int port = port(server);
    assertThat(server.loopGroup().size()).isEqualTo(2);
    try (Socket a = connect(port);
        Socket b = connect(port)) {
      assertThat(roundTrip(a, "a")).isEqualTo("a");
      assertThat(roundTrip(b, "b")).isEqualTo("b");
    }
    assertThat(threads).containsExactlyInAnyOrder("tornado-loop-0", "tornado-loop-1");
    assertThat(taskIds).containsExactlyInAnyOrder(0, 1);
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void taskIdIsEmptyOutsideALoopGroup() {
    assertThat(Process.taskId()).isEmpty();
    assertThat(Loops.call(loop, Process::taskId)).isEmpty();
  }

  @Test
  void aClosedClientFailsThePendingReadOfItsHandler() throws IOException {
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    int port =
        listen(
            (stream, address) -> stream.readBytes(10).whenComplete((v, e) -> failure.complete(e)));
    connect(port).close();
    assertThat(failure.orTimeout(5, TimeUnit.SECONDS).join())
        .isInstanceOf(StreamClosedException.class);
  }

  @Test
  void localAddressesListTheBoundPort() {
    int port = listen((stream, address) -> echo(stream));
    assertThat(server.localAddresses()).containsExactly(new InetSocketAddress("127.0.0.1", port));
    assertThat(List.of(port)).allMatch(p -> p > 0);
  }
}
