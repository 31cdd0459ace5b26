package io.github.tornadoserver.iostream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The stream contract over plain TCP, plus what only a plain stream does. */
class PlainStreamContractTest extends StreamContractTest {

  @Override
  StreamPair.Factory factory() {
    return (channel, serverSide, options) -> new IOStream(channel, options);
  }

  @Test
  void aRefusedConnectFailsWithTheConnectErrorAsCause() throws IOException {
    int freePort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      freePort = probe.getLocalPort();
    }
    IOStream stream = new IOStream(SocketChannel.open());
    CompletableFuture<IOStream> connect =
        run(
            () -> {
              CompletableFuture<IOStream> c =
                  stream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort));
              return c.handle((v, e) -> c);
            });
    Throwable failure = failureOf(connect);
    assertThat(failure).isInstanceOf(StreamClosedException.class);
    assertThat(failure.getCause()).isInstanceOf(ConnectException.class);
    assertThat(stream.error()).isInstanceOf(ConnectException.class);
    assertThat(stream.closed()).isTrue();
  }

  @Test
  void aWriteIssuedWhileConnectingCompletesAfterTheConnect() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      IOStream stream = new IOStream(SocketChannel.open());
      List<String> order = new ArrayList<>();
      run(
          () -> {
            CompletableFuture<IOStream> connect = stream.connect(server.getLocalSocketAddress());
            connect.thenRun(() -> order.add("connected"));
            CompletableFuture<Void> write = stream.write(new byte[] {'x'});
            return write.thenRun(() -> order.add("written"));
          });
      assertThat(order).containsExactly("connected", "written");
    }
  }

  @Test
  void plainByteCountsAreExactlyThePayload() {
    StreamPair p = pair();
    run(() -> p.client().write(new byte[123]).thenCompose(v -> p.server().readBytes(123)));
    assertThat(p.client().bytesSent()).isEqualTo(123);
    assertThat(p.server().bytesReceived()).isEqualTo(123);
    assertThat(p.server().bytesSent()).isZero();
  }

  @Test
  void aDetachedStreamIsReportedClosed() throws IOException {
    StreamPair p = pair();
    RecordingObserver observer = new RecordingObserver();
    p.server().setObserver(observer);
    p.server().detach().close();
    assertThat(observer.events).containsExactly("closed received=0 sent=0");
  }
}
