package io.github.tornadoserver.netutil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.testing.LogCapture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddAcceptHandlerTest {
  private static final long WAIT_SECONDS = 5;

  @TempDir Path dir;

  private IOLoop loop;
  private final List<Channel> opened = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void startLoop() {
    loop = IOLoop.startInNewThread("test-loop", true);
  }

  @AfterEach
  void stopLoopAndCloseEverything() throws Exception {
    loop.addCallback(loop::stop);
    loop.thread().join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    assertThat(loop.thread().isAlive()).as("loop thread ended").isFalse();
    synchronized (opened) {
      for (Channel channel : opened) {
        channel.close();
      }
    }
  }

  private <T extends Channel> T track(T channel) {
    opened.add(channel);
    return channel;
  }

  /** Runs {@code task} on the loop and returns its result (rethrowing what it throws). */
  private <T> T onLoop(Callable<T> task) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.addCallback(
        () -> {
          try {
            result.complete(task.call());
          } catch (Throwable t) {
            result.completeExceptionally(t);
          }
        });
    try {
      return result.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception) {
        throw (Exception) e.getCause();
      }
      throw e;
    }
  }

  private ServerSocketChannel server(int backlog) {
    return track(NetUtil.bindSockets(0, "127.0.0.1", null, backlog, false).get(0));
  }

  private Runnable register(ServerSocketChannel server, NetUtil.AcceptCallback callback)
      throws Exception {
    return onLoop(() -> NetUtil.addAcceptHandler(server, callback));
  }

  private SocketChannel connect(ServerSocketChannel server) throws IOException {
    return track(SocketChannel.open(server.getLocalAddress()));
  }

  /** A callback that keeps (for closing) and counts what it receives. */
  private final class Recorder implements NetUtil.AcceptCallback {
    final List<SocketChannel> connections = new CopyOnWriteArrayList<>();
    final List<SocketAddress> addresses = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final List<Boolean> blocking = new CopyOnWriteArrayList<>();
    final CountDownLatch latch;

    Recorder(int expected) {
      latch = new CountDownLatch(expected);
    }

    @Override
    public void accept(SocketChannel connection, SocketAddress address) {
      track(connection);
      connections.add(connection);
      addresses.add(address);
      threads.add(Thread.currentThread().getName());
      blocking.add(connection.isBlocking());
      latch.countDown();
    }

    void await() throws InterruptedException {
      assertThat(latch.await(WAIT_SECONDS, TimeUnit.SECONDS))
          .as("%d more connections delivered", latch.getCount())
          .isTrue();
    }
  }

  /** Accepts {@code count} connections from {@code server} directly, bounding each wait. */
  private static List<SocketChannel> acceptDirectly(ServerSocketChannel server, int count)
      throws IOException {
    List<SocketChannel> accepted = new ArrayList<>();
    try (Selector selector = Selector.open()) {
      SelectionKey key = server.register(selector, SelectionKey.OP_ACCEPT);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      while (accepted.size() < count && System.nanoTime() < deadline) {
        selector.select(100);
        selector.selectedKeys().clear();
        SocketChannel connection;
        while (accepted.size() < count && (connection = server.accept()) != null) {
          accepted.add(connection);
        }
      }
      key.cancel();
    }
    return accepted;
  }

  @Test
  void deliversEveryOneOfManyQuickConnectionsExactlyOnceOnTheLoopThread() throws Exception {
    ServerSocketChannel server = server(512);
    Recorder recorder = new Recorder(200);
    register(server, recorder);

    Set<SocketAddress> clients = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      clients.add(connect(server).getLocalAddress());
    }
    recorder.await();

    assertThat(onLoop(recorder.addresses::size)).isEqualTo(200);
    assertThat(new HashSet<>(recorder.addresses)).isEqualTo(clients);
    assertThat(recorder.threads).containsOnly("test-loop");
    assertThat(recorder.blocking).containsOnly(false);
  }

  @Test
  void acceptsAtMost128ConnectionsPerReadiness() throws Exception {
    // Deterministic batches: the acceptor hands out 200 queued connections, while one real
    // connection left in the backlog keeps the channel ready until the callback removes the
    // handler.
    ServerSocketChannel server = server(16);
    ServerSocketChannel source = server(512);
    for (int i = 0; i < 200; i++) {
      connect(source);
    }
    Queue<SocketChannel> queued = new ArrayDeque<>();
    for (SocketChannel connection : acceptDirectly(source, 200)) {
      queued.add(track(connection));
    }
    assertThat(queued).hasSize(200);
    connect(server);
    AtomicInteger delivered = new AtomicInteger();
    CompletableFuture<Integer> firstReadiness = new CompletableFuture<>();
    CountDownLatch all = new CountDownLatch(1);
    AtomicReference<Runnable> remover = new AtomicReference<>();

    onLoop(
        () -> {
          remover.set(
              AcceptLoop.addAcceptHandler(
                  server,
                  (connection, address) -> {
                    if (delivered.incrementAndGet() == 1) {
                      // Runs at the start of the next iteration, after this readiness is handled.
                      loop.addCallback(() -> firstReadiness.complete(delivered.get()));
                    }
                    if (delivered.get() == 200) {
                      remover.get().run();
                      all.countDown();
                    }
                  },
                  queued::poll));
          return null;
        });

    assertThat(all.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(firstReadiness.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(128);
    assertThat(delivered.get()).isEqualTo(200);
  }

  @Test
  void anExceptionFromTheCallbackIsLoggedOnceAndAcceptingContinues() throws Exception {
    LogCapture.expect("tornado.application", Level.ERROR, "Error in connection callback");
    ServerSocketChannel server = server(16);
    Recorder recorder = new Recorder(3);
    AtomicInteger calls = new AtomicInteger();
    register(
        server,
        (connection, address) -> {
          recorder.accept(connection, address);
          if (calls.incrementAndGet() == 1) {
            throw new IllegalStateException("boom");
          }
        });

    for (int i = 0; i < 3; i++) {
      connect(server);
    }
    recorder.await();

    assertThat(onLoop(calls::get)).isEqualTo(3);
    assertThat(LogCapture.messages("tornado.application", Level.ERROR))
        .containsExactly("Error in connection callback");
    assertThat(LogCapture.events())
        .filteredOn(e -> e.getLevel() == Level.ERROR)
        .singleElement()
        .satisfies(e -> assertThat(e.getThrowableProxy().getMessage()).isEqualTo("boom"));
  }

  @Test
  void theRemoverCalledFromTheCallbackStopsTheAcceptLoopInProgress() throws Exception {
    ServerSocketChannel server = server(16);
    for (int i = 0; i < 5; i++) {
      connect(server);
    }
    Recorder recorder = new Recorder(1);
    AtomicReference<Runnable> remover = new AtomicReference<>();
    onLoop(
        () -> {
          remover.set(
              NetUtil.addAcceptHandler(
                  server,
                  (connection, address) -> {
                    remover.get().run();
                    recorder.accept(connection, address);
                  }));
          return null;
        });
    recorder.await();

    assertThat(onLoop(() -> loop.hasHandler(server))).isFalse();
    assertThat(recorder.connections).hasSize(1);
    assertThat(server.isOpen()).as("the remover does not close the channel").isTrue();
    // The other four are still waiting in the backlog.
    List<SocketChannel> rest = acceptDirectly(server, 4);
    rest.forEach(this::track);
    assertThat(rest).hasSize(4);
    assertThat(recorder.connections).hasSize(1);
  }

  @Test
  void aRemovedHandlerLeavesNewConnectionsInTheBacklog() throws Exception {
    ServerSocketChannel server = server(16);
    Recorder recorder = new Recorder(1);
    Runnable remover = register(server, recorder);
    onLoop(
        () -> {
          remover.run();
          return null;
        });

    connect(server);
    // Give the loop a few iterations' worth of time in which it could (wrongly) accept.
    CompletableFuture<Void> waited = new CompletableFuture<>();
    loop.addCallback(() -> loop.callLater(Duration.ofMillis(50), () -> waited.complete(null)));
    waited.get(WAIT_SECONDS, TimeUnit.SECONDS);

    assertThat(onLoop(recorder.connections::size)).isZero();
    assertThat(acceptDirectly(server, 1)).hasSize(1).allSatisfy(this::track);
  }

  @Test
  void theRemoverIsIdempotentAndSafeFromAnyThread() throws Exception {
    ServerSocketChannel server = server(16);
    Runnable remover = register(server, new Recorder(1));

    remover.run();
    remover.run();
    assertThat(onLoop(() -> loop.hasHandler(server))).isFalse();
    onLoop(
        () -> {
          remover.run();
          return null;
        });
    assertThat(server.isOpen()).isTrue();

    // The channel can be handed to a new accept handler afterwards.
    Recorder recorder = new Recorder(1);
    register(server, recorder);
    connect(server);
    recorder.await();
  }

  @Test
  void theRemoverCanBeCalledAgainAfterTheLoopClosed() throws Exception {
    ServerSocketChannel server = server(16);
    Runnable remover = register(server, new Recorder(1));
    loop.addCallback(loop::stop);
    loop.thread().join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    assertThat(loop.isClosed()).isTrue();

    remover.run();
    remover.run();

    assertThat(server.isOpen()).isTrue();
  }

  @Test
  void aChannelClosedFromTheCallbackEndsAcceptingQuietly() throws Exception {
    ServerSocketChannel server = server(16);
    for (int i = 0; i < 3; i++) {
      connect(server);
    }
    Recorder recorder = new Recorder(1);
    register(
        server,
        (connection, address) -> {
          recorder.accept(connection, address);
          try {
            server.close();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    recorder.await();

    assertThat(onLoop(recorder.connections::size)).isEqualTo(1);
    assertThat(onLoop(() -> loop.hasHandler(server))).isFalse();
  }

  @Test
  void acceptsOnAUnixDomainSocket() throws Exception {
    Path file = dir.resolve("accept.sock");
    ServerSocketChannel server = track(NetUtil.bindUnixSocket(file));
    Recorder recorder = new Recorder(1);
    register(server, recorder);

    track(SocketChannel.open(UnixDomainSocketAddress.of(file)));
    recorder.await();

    assertThat(recorder.addresses).singleElement().isInstanceOf(UnixDomainSocketAddress.class);
    assertThat(recorder.blocking).containsExactly(false);
  }

  @Test
  void anIpv4ClientOfTheDualStackWildcardIsSeenWithItsIpv4Address() throws Exception {
    ServerSocketChannel server = track(NetUtil.bindSockets(0).get(0));
    Recorder recorder = new Recorder(1);
    register(server, recorder);
    int port = ((InetSocketAddress) server.getLocalAddress()).getPort();

    track(SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
    recorder.await();

    assertThat(((InetSocketAddress) recorder.addresses.get(0)).getAddress().getHostAddress())
        .isEqualTo("127.0.0.1");
  }

  @Test
  void tooManyOpenFilesIsLoggedOnceAndPausesAcceptingInsteadOfSpinning() throws Exception {
    LogCapture.expect("tornado.general", Level.ERROR, "Too many open files");
    ServerSocketChannel server = server(16);
    connect(server);
    AtomicInteger acceptCalls = new AtomicInteger();
    AtomicInteger callsAtDelivery = new AtomicInteger();
    AtomicLong registeredAt = new AtomicLong();
    AtomicLong deliveredAt = new AtomicLong();
    Recorder recorder = new Recorder(1);

    onLoop(
        () -> {
          registeredAt.set(loop.time());
          return AcceptLoop.addAcceptHandler(
              server,
              (connection, address) -> {
                deliveredAt.set(loop.time());
                callsAtDelivery.set(acceptCalls.get());
                recorder.accept(connection, address);
              },
              () -> {
                if (acceptCalls.incrementAndGet() == 1) {
                  throw new IOException("Too many open files");
                }
                return server.accept();
              });
        });
    recorder.await();

    assertThat(callsAtDelivery.get()).as("accept calls until the connection came").isEqualTo(2);
    assertThat(deliveredAt.get() - registeredAt.get())
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(AcceptLoop.ACCEPT_PAUSE_MILLIS));
    assertThat(LogCapture.messages("tornado.general", Level.ERROR))
        .singleElement()
        .asString()
        .contains("Too many open files")
        .contains("pausing accept for 100 ms");
  }

  @Test
  void anAbortedConnectionIsSkippedWithoutPausing() throws Exception {
    ServerSocketChannel server = server(16);
    connect(server);
    AtomicInteger acceptCalls = new AtomicInteger();
    Recorder recorder = new Recorder(1);

    onLoop(
        () ->
            AcceptLoop.addAcceptHandler(
                server,
                recorder,
                () -> {
                  if (acceptCalls.incrementAndGet() == 1) {
                    throw new IOException("Software caused connection abort");
                  }
                  return server.accept();
                }));
    recorder.await();

    assertThat(onLoop(acceptCalls::get)).isGreaterThanOrEqualTo(2);
    assertThat(LogCapture.events()).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
  }

  @Test
  void classifiesAcceptErrorsByTheirMessage() {
    assertThat(AcceptLoop.isPerConnectionAcceptError(new IOException("Connection aborted")))
        .isTrue();
    assertThat(AcceptLoop.isPerConnectionAcceptError(new IOException("Connection reset by peer")))
        .isTrue();
    assertThat(AcceptLoop.isPerConnectionAcceptError(new IOException("Protocol error"))).isTrue();
    assertThat(AcceptLoop.isPerConnectionAcceptError(new IOException("Too many open files")))
        .isFalse();
    assertThat(
            AcceptLoop.isPerConnectionAcceptError(new IOException("Too many open files in system")))
        .isFalse();
    assertThat(AcceptLoop.isPerConnectionAcceptError(new IOException((String) null))).isFalse();
  }

  @Test
  void refusesAnUnboundChannel() throws Exception {
    ServerSocketChannel unbound = track(ServerSocketChannel.open());

    assertThatThrownBy(() -> register(unbound, new Recorder(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("is not bound");
  }

  @Test
  void refusesAChannelAlreadyRegisteredWithTheLoop() throws Exception {
    ServerSocketChannel server = server(16);
    register(server, new Recorder(1));

    assertThatThrownBy(() -> register(server, new Recorder(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("added twice");
  }

  @Test
  void refusesAClosedChannel() throws Exception {
    ServerSocketChannel server = server(16);
    server.close();

    assertThatThrownBy(() -> register(server, new Recorder(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("is closed");
  }
}
