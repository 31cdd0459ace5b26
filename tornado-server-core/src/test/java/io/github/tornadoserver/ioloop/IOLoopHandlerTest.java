package io.github.tornadoserver.ioloop;

import static io.github.tornadoserver.ioloop.LoopTesting.BOUND;
import static io.github.tornadoserver.ioloop.LoopTesting.socketPair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.testing.LogCapture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** addHandler, updateHandler, removeHandler and event delivery. */
class IOLoopHandlerTest {
  private IOLoop loop;
  private Pipe pipe;

  @BeforeEach
  void createLoop() throws IOException {
    loop = new IOLoop();
    pipe = Pipe.open();
  }

  @AfterEach
  void closeLoop() throws IOException {
    loop.close(true);
    pipe.source().close();
    pipe.sink().close();
  }

  @Test
  void aPipeSourceGetsReadWhenDataArrives() throws Exception {
    CompletableFuture<Integer> events = new CompletableFuture<>();
    CompletableFuture<String> read = new CompletableFuture<>();
    loop.addHandler(
        pipe.source(),
        (channel, ev) -> {
          events.complete(ev);
          read.complete(readAll(channel));
        },
        IOLoop.READ);
    loop.callLater(Duration.ofMillis(5), () -> write(pipe.sink(), "hello"));

    assertThat(loop.runSync(() -> read, BOUND)).isEqualTo("hello");
    assertThat(events.get()).isEqualTo(IOLoop.READ);
  }

  @Test
  void nothingIsDeliveredWhileNoDataArrives() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    loop.addHandler(pipe.source(), (c, e) -> calls.incrementAndGet(), IOLoop.READ);
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.callLater(Duration.ofMillis(20), () -> done.complete(null));

    loop.runSync(() -> done, BOUND);

    assertThat(calls).hasValue(0);
  }

  @Test
  void aPipeSinkGetsWriteWhenWritable() throws Exception {
    CompletableFuture<Integer> events = new CompletableFuture<>();
    CompletableFuture<SelectableChannel> on = new CompletableFuture<>();
    loop.addHandler(
        pipe.sink(),
        (channel, ev) -> {
          on.complete(channel);
          events.complete(ev);
        },
        IOLoop.WRITE);

    assertThat(loop.runSync(() -> events, BOUND)).isEqualTo(IOLoop.WRITE);
    assertThat(on.get()).isSameAs(pipe.sink());
  }

  @Test
  void aSocketWatchedForBothGetsBothWhenReadableAndWritable() throws Exception {
    SocketChannel[] pair = socketPair();
    try {
      pair[1].write(ByteBuffer.wrap(new byte[] {1}));
      CompletableFuture<Integer> events = new CompletableFuture<>();
      loop.addHandler(pair[0], (c, ev) -> events.complete(ev), IOLoop.READ | IOLoop.WRITE);

      assertThat(loop.runSync(() -> events, BOUND)).isEqualTo(IOLoop.READ | IOLoop.WRITE);
    } finally {
      pair[0].close();
      pair[1].close();
    }
  }

  @Test
  void updateHandlerSwitchesTheInterestBetweenWriteAndRead() throws Exception {
    SocketChannel[] pair = socketPair();
    try {
      List<Integer> events = new ArrayList<>();
      CompletableFuture<Void> done = new CompletableFuture<>();
      loop.addHandler(
          pair[0],
          (channel, ev) -> {
            events.add(ev);
            if (ev == IOLoop.WRITE) {
              loop.updateHandler(channel, IOLoop.READ);
              loop.callLater(Duration.ofMillis(10), () -> write(pair[1], "x"));
            } else {
              readAll(channel);
              done.complete(null);
            }
          },
          IOLoop.WRITE);

      loop.runSync(() -> done, BOUND);

      assertThat(events).containsExactly(IOLoop.WRITE, IOLoop.READ);
    } finally {
      pair[0].close();
      pair[1].close();
    }
  }

  @Test
  void updateHandlerToNoneStopsDeliveryAndToReadResumesIt() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<Void> resumed = new CompletableFuture<>();
    loop.addHandler(
        pipe.source(),
        (channel, ev) -> {
          calls.incrementAndGet();
          readAll(channel);
          resumed.complete(null);
        },
        IOLoop.READ);
    loop.updateHandler(pipe.source(), IOLoop.NONE);
    write(pipe.sink(), "x");
    loop.callLater(
        Duration.ofMillis(20),
        () -> {
          assertThat(calls).hasValue(0);
          loop.updateHandler(pipe.source(), IOLoop.READ);
        });

    loop.runSync(() -> resumed, BOUND);

    assertThat(calls).hasValue(1);
  }

  @Test
  void updateHandlerAndRemoveHandlerIgnoreUnknownChannels() throws Exception {
    loop.updateHandler(pipe.source(), IOLoop.READ);
    loop.removeHandler(pipe.source());
    loop.removeHandler(pipe.sink());

    assertThat(loop.hasHandler(pipe.source())).isFalse();
    assertThat(pipe.source().isOpen()).isTrue();
  }

  @Test
  void removeHandlerStopsDeliveryWithoutClosingTheChannel() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    loop.addHandler(pipe.source(), (c, e) -> calls.incrementAndGet(), IOLoop.READ);
    assertThat(loop.hasHandler(pipe.source())).isTrue();

    loop.removeHandler(pipe.source());
    write(pipe.sink(), "ignored");
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.callLater(Duration.ofMillis(20), () -> done.complete(null));
    loop.runSync(() -> done, BOUND);

    assertThat(calls).hasValue(0);
    assertThat(loop.hasHandler(pipe.source())).isFalse();
    assertThat(pipe.source().isOpen()).isTrue();
  }

  @Test
  void aHandlerRemovedByAnEarlierHandlerInTheSameIterationIsNotCalled() throws Exception {
    SocketChannel[] pair = socketPair();
    try {
      List<String> called = new ArrayList<>();
      CompletableFuture<Void> done = new CompletableFuture<>();
      IOLoop.Handler first =
          (channel, ev) -> {
            called.add(channel == pipe.sink() ? "pipe" : "socket");
            loop.removeHandler(pipe.sink());
            loop.removeHandler(pair[0]);
            loop.callLater(Duration.ofMillis(10), () -> done.complete(null));
          };
      // Both are writable at once, so both are ready in the first select.
      loop.addHandler(pipe.sink(), first, IOLoop.WRITE);
      loop.addHandler(pair[0], first, IOLoop.WRITE);

      loop.runSync(() -> done, BOUND);

      assertThat(called).hasSize(1);
    } finally {
      pair[0].close();
      pair[1].close();
    }
  }

  @Test
  void addingAChannelTwiceThrowsIllegalArgumentExceptionNamingIt() {
    loop.addHandler(pipe.source(), (c, e) -> {}, IOLoop.READ);

    assertThatThrownBy(() -> loop.addHandler(pipe.source(), (c, e) -> {}, IOLoop.WRITE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(pipe.source().toString())
        .hasMessageContaining("added twice");
  }

  @Test
  void addingAClosedChannelThrowsIllegalArgumentException() throws IOException {
    pipe.source().close();

    assertThatThrownBy(() -> loop.addHandler(pipe.source(), (c, e) -> {}, IOLoop.READ))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aChannelCanBeRemovedAndAddedAgainBeforeTheLoopRuns() throws Exception {
    CompletableFuture<String> read = new CompletableFuture<>();
    loop.addHandler(pipe.source(), (c, e) -> read.complete("old handler"), IOLoop.READ);
    loop.removeHandler(pipe.source());
    loop.addHandler(pipe.source(), (c, e) -> read.complete(readAll(c)), IOLoop.READ);
    write(pipe.sink(), "new handler");

    assertThat(loop.runSync(() -> read, BOUND)).isEqualTo("new handler");
  }

  @Test
  void aHandlerCanRemoveAndReAddItsChannelWithinOneIteration() throws Exception {
    List<String> calls = new ArrayList<>();
    CompletableFuture<String> secondRead = new CompletableFuture<>();
    IOLoop.Handler second =
        (channel, ev) -> {
          calls.add("second");
          secondRead.complete(readAll(channel));
        };
    loop.addHandler(
        pipe.source(),
        (channel, ev) -> {
          calls.add("first");
          // Leave the data unread: the re-added registration must see it.
          loop.removeHandler(channel);
          loop.addHandler(channel, second, IOLoop.READ);
          assertThat(loop.hasHandler(channel)).isTrue();
        },
        IOLoop.READ);
    write(pipe.sink(), "still there");

    assertThat(loop.runSync(() -> secondRead, BOUND)).isEqualTo("still there");
    assertThat(calls).containsExactly("first", "second");
  }

  @Test
  void aCallbackCanRemoveAndReAddAChannelWithinOneIterationWhileOthersAreReady() throws Exception {
    SocketChannel[] pair = socketPair();
    try {
      CompletableFuture<String> read = new CompletableFuture<>();
      AtomicInteger writable = new AtomicInteger();
      // A busy neighbour: always writable, so every select has a ready key to deliver.
      loop.addHandler(pair[0], (c, e) -> writable.incrementAndGet(), IOLoop.WRITE);
      loop.addHandler(pipe.source(), (c, e) -> read.complete("old handler"), IOLoop.READ);
      loop.addCallback(
          () -> {
            loop.removeHandler(pipe.source());
            loop.addHandler(pipe.source(), (c, e) -> read.complete(readAll(c)), IOLoop.READ);
            write(pipe.sink(), "new handler");
          });

      assertThat(loop.runSync(() -> read, BOUND)).isEqualTo("new handler");
      assertThat(writable.get()).isPositive();
    } finally {
      pair[0].close();
      pair[1].close();
    }
  }

  @Test
  void reRegisteringAChannelInAHandlerDoesNotCauseStaleEventsForItsNeighbours() throws Exception {
    Pipe other = Pipe.open();
    try {
      List<String> emptyReads = new ArrayList<>();
      AtomicInteger reads = new AtomicInteger();
      CompletableFuture<Void> quiet = new CompletableFuture<>();
      IOLoop.Handler readAndReRegister =
          new IOLoop.Handler() {
            @Override
            public void handleEvents(SelectableChannel channel, int events) {
              if (readAll(channel).isEmpty()) {
                emptyReads.add(channel == pipe.source() ? "pipe" : "other");
              }
              int read = reads.incrementAndGet();
              if (read == 1) {
                // The first one called re-registers its channel while the other is still ready.
                loop.removeHandler(channel);
                loop.addHandler(channel, this, IOLoop.READ);
              } else if (read == 2) {
                loop.callLater(Duration.ofMillis(30), () -> quiet.complete(null));
              }
            }
          };
      loop.addHandler(pipe.source(), readAndReRegister, IOLoop.READ);
      loop.addHandler(other.source(), readAndReRegister, IOLoop.READ);
      write(pipe.sink(), "a");
      write(other.sink(), "b");

      loop.runSync(() -> quiet, BOUND);

      assertThat(emptyReads).as("handlers called with nothing to read").isEmpty();
    } finally {
      other.source().close();
      other.sink().close();
    }
  }

  @Test
  void anExceptionInAHandlerIsLoggedAndTheLoopGoesOn() throws Exception {
    LogCapture.expect("tornado.application", Level.ERROR, "Exception in I/O handler");
    CompletableFuture<String> later = new CompletableFuture<>();
    loop.addHandler(
        pipe.sink(),
        (channel, ev) -> {
          loop.removeHandler(channel);
          throw new IllegalStateException("handler failed");
        },
        IOLoop.WRITE);
    loop.callLater(Duration.ofMillis(10), () -> later.complete("ran"));

    assertThat(loop.runSync(() -> later, BOUND)).isEqualTo("ran");
    assertThat(LogCapture.messages("tornado.application", Level.ERROR))
        .singleElement(STRING)
        .startsWith("Exception in I/O handler");
  }

  @Test
  void aListeningChannelGetsReadWhenAClientConnects() throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open();
        SocketChannel client = SocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      CompletableFuture<Integer> events = new CompletableFuture<>();
      List<SocketChannel> accepted = new ArrayList<>();
      loop.addHandler(
          server,
          (channel, ev) -> {
            try {
              SocketChannel connection = ((ServerSocketChannel) channel).accept();
              if (connection != null) {
                accepted.add(connection);
                events.complete(ev);
              }
            } catch (IOException e) {
              events.completeExceptionally(e);
            }
          },
          IOLoop.READ);
      loop.callLater(Duration.ofMillis(5), () -> connect(client, server));

      try {
        assertThat(loop.runSync(() -> events, BOUND)).isEqualTo(IOLoop.READ);
        assertThat(accepted).hasSize(1);
      } finally {
        for (SocketChannel connection : accepted) {
          connection.close();
        }
      }
    }
  }

  @Test
  void aConnectingSocketGetsWriteWhenConnected() throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open();
        SocketChannel client = SocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      client.configureBlocking(false);
      CompletableFuture<Integer> events = new CompletableFuture<>();
      CompletableFuture<Boolean> connected = new CompletableFuture<>();
      boolean immediately = client.connect(server.getLocalAddress());
      loop.addHandler(
          client,
          (channel, ev) -> {
            events.complete(ev);
            try {
              connected.complete(((SocketChannel) channel).finishConnect());
            } catch (IOException e) {
              connected.completeExceptionally(e);
            }
            loop.removeHandler(channel);
          },
          IOLoop.WRITE);

      assertThat(loop.runSync(() -> connected, BOUND)).isTrue();
      assertThat(events.get()).isEqualTo(IOLoop.WRITE);
      assertThat(immediately || client.isConnected()).isTrue();
    }
  }

  @Test
  void aSocketWatchedForWriteWhileConnectingKeepsGettingWriteOnceConnected() throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open();
        SocketChannel client = SocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      client.configureBlocking(false);
      client.connect(server.getLocalAddress());
      List<Boolean> connectedAtEvent = new ArrayList<>();
      CompletableFuture<Void> writableAfterConnect = new CompletableFuture<>();
      // Like IOStream: the interest stays WRITE across the connect, with no updateHandler.
      loop.addHandler(
          client,
          (channel, ev) -> {
            SocketChannel socket = (SocketChannel) channel;
            connectedAtEvent.add(socket.isConnected());
            try {
              if (socket.isConnectionPending()) {
                socket.finishConnect();
              } else {
                writableAfterConnect.complete(null);
                loop.removeHandler(channel);
              }
            } catch (IOException e) {
              writableAfterConnect.completeExceptionally(e);
            }
          },
          IOLoop.WRITE);

      loop.runSync(() -> writableAfterConnect, BOUND);

      assertThat(connectedAtEvent).last().isEqualTo(true);
    }
  }

  @Test
  void aFailedConnectIsReportedAsWriteAndFinishConnectThrows() throws Exception {
    InetSocketAddress refused;
    try (ServerSocketChannel closedServer = ServerSocketChannel.open()) {
      closedServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      refused = (InetSocketAddress) closedServer.getLocalAddress();
    }
    try (SocketChannel client = SocketChannel.open()) {
      client.configureBlocking(false);
      CompletableFuture<Throwable> failure = new CompletableFuture<>();
      boolean immediately;
      try {
        immediately = client.connect(refused);
      } catch (IOException e) {
        return; // refused synchronously: nothing for the loop to report
      }
      assertThat(immediately).isFalse();
      loop.addHandler(
          client,
          (channel, ev) -> {
            loop.removeHandler(channel);
            try {
              ((SocketChannel) channel).finishConnect();
              failure.complete(null);
            } catch (IOException e) {
              failure.complete(e);
            }
          },
          IOLoop.WRITE);

      assertThat(loop.runSync(() -> failure, BOUND)).isInstanceOf(IOException.class);
    }
  }

  @Test
  void closeAllChannelsClosesEveryRegisteredKindOfChannel() throws Exception {
    ServerSocketChannel server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    SocketChannel[] pair = socketPair();
    try {
      loop.addHandler(server, (c, e) -> {}, IOLoop.READ);
      loop.addHandler(pair[0], (c, e) -> {}, IOLoop.READ);
      loop.addHandler(pipe.source(), (c, e) -> {}, IOLoop.READ);

      loop.close(true);

      assertThat(server.isOpen()).isFalse();
      assertThat(pair[0].isOpen()).isFalse();
      assertThat(pipe.source().isOpen()).isFalse();
      assertThat(pair[1].isOpen()).isTrue();
    } finally {
      server.close();
      pair[0].close();
      pair[1].close();
    }
  }

  private static void connect(SocketChannel client, ServerSocketChannel server) {
    try {
      client.connect(server.getLocalAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(WritableByteChannel channel, String data) {
    try {
      channel.write(ByteBuffer.wrap(data.getBytes(StandardCharsets.US_ASCII)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readAll(SelectableChannel channel) {
    ByteBuffer buffer = ByteBuffer.allocate(1024);
    try {
      ((ReadableByteChannel) channel).read(buffer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    buffer.flip();
    return StandardCharsets.US_ASCII.decode(buffer).toString();
  }
}
