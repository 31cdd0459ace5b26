package io.github.tornadoserver.iostream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Writes through a real socket whose peer reads only between writes, with send and receive buffers
 * small enough that a write leaves part of its bytes behind: the bytes arrive in order and each
 * source buffer moves past exactly what left, however the write copied them. Reads into heap
 * buffers take the bytes in order, each after the buffer's position, then the end of the stream.
 */
class SocketTransportTest extends StreamTestSupport {
  private static final int SMALL_SOCKET_BUFFER = 4096;

  private SocketChannel client;
  private SocketChannel peer;
  private SocketTransport transport;

  @BeforeEach
  void connect() throws IOException {
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.setOption(StandardSocketOptions.SO_RCVBUF, SMALL_SOCKET_BUFFER);
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      client = SocketChannel.open();
      client.setOption(StandardSocketOptions.SO_SNDBUF, SMALL_SOCKET_BUFFER);
      client.connect(listener.getLocalAddress());
      peer = listener.accept();
    }
    peer.configureBlocking(false);
    transport = new SocketTransport(client);
    new IOStream(loop, transport, StreamOptions.defaults());
  }

  @AfterEach
  void closeSockets() throws IOException {
    client.close();
    peer.close();
  }

  @Test
  void heapBuffersThatFitTheLoopsBufferLeaveInOrderAcrossPartialWrites() {
    List<Long> writes = assertSentWhole(ByteBuffer::allocate, 20 * 1024, 30 * 1024, 10 * 1024);
    assertThat(writes.get(0)).as("the first write left part behind").isLessThan(60 * 1024);
  }

  @Test
  void oneSmallBufferLeavesWhole() {
    assertSentWhole(ByteBuffer::allocate, 300);
  }

  @Test
  void buffersOverTheLoopsBufferLeaveInOrderToo() {
    assertSentWhole(
        ByteBuffer::allocate, SocketTransport.TRANSFER_SIZE, SocketTransport.TRANSFER_SIZE);
  }

  @Test
  void directAndReadOnlyBuffersLeaveInOrderToo() {
    assertSentWhole(ByteBuffer::allocateDirect, 20 * 1024, 10 * 1024);
    assertSentWhole(size -> ByteBuffer.allocate(size).asReadOnlyBuffer(), 20 * 1024, 10 * 1024);
  }

  @Test
  void aWriteOffTheLoopsThreadLeavesWholeToo() throws Exception {
    ByteBuffer[] sources = filled(ByteBuffer::allocate, 100, 200);
    long written =
        CompletableFuture.supplyAsync(() -> write(sources), task -> new Thread(task).start())
            .get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    assertWrittenWhole(sources, written);
  }

  @Test
  void aWriteAfterTheLoopClosedLeavesWholeToo() throws IOException {
    loop.close(false);
    ByteBuffer[] sources = filled(ByteBuffer::allocate, 100, 200);
    assertWrittenWhole(sources, write(sources));
  }

  @Test
  void readsIntoHeapBuffersTakeWhatArrivedInOrderThenTheEnd() throws IOException {
    byte[] sent = expected(40 * 1024, 60 * 1024);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    ByteBuffer large = ByteBuffer.allocate(128 * 1024);
    // A slice at an offset of its array, with bytes before its position: reads land after them.
    ByteBuffer small = ByteBuffer.allocate(64).position(7).slice().position(3);
    int[] eof = {0};
    run(
        () -> {
          try {
            ByteBuffer toSend = ByteBuffer.wrap(sent);
            for (int round = 0; round < 100_000 && received.size() < sent.length; round++) {
              peer.write(toSend);
              ByteBuffer into = round % 2 == 0 ? large.clear() : small.clear().position(3);
              int start = into.position();
              int n = transport.read(into);
              assertThat(n).isLessThanOrEqualTo(SocketTransport.TRANSFER_SIZE);
              assertThat(into.position()).isEqualTo(start + Math.max(n, 0));
              received.write(into.array(), into.arrayOffset() + start, Math.max(n, 0));
            }
            peer.close();
            ByteBuffer after = ByteBuffer.allocate(16);
            for (int round = 0; round < 100_000 && eof[0] == 0; round++) {
              eof[0] = transport.read(after) < 0 ? -1 : 0;
            }
          } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
          }
          return CompletableFuture.completedFuture(null);
        });
    assertThat(received.toByteArray()).isEqualTo(sent);
    assertThat(eof[0]).as("the end of the stream").isEqualTo(-1);
    assertThat(transport.bytesReceived()).isEqualTo(sent.length);
  }

  private void assertWrittenWhole(ByteBuffer[] sources, long written) throws IOException {
    assertThat(written).isEqualTo(300);
    assertThat(sources).allSatisfy(source -> assertThat(source.hasRemaining()).isFalse());
    assertThat(drainPeer()).isEqualTo(expected(100, 200));
  }

  private long write(ByteBuffer[] sources) {
    try {
      return transport.write(sources, sources.length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes buffers of {@code sizes} (made by {@code make}, each byte naming its buffer and place)
   * on the loop thread, reading the peer after each write, until every byte left.
   */
  private List<Long> assertSentWhole(IntFunction<ByteBuffer> make, int... sizes) {
    ByteBuffer[] sources = filled(make, sizes);
    int total = Arrays.stream(sizes).sum();
    List<Long> writes = new ArrayList<>();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    run(
        () -> {
          try {
            for (int round = 0; round < 10_000 && received.size() < total; round++) {
              long before = remaining(sources);
              long n = transport.write(sources, sources.length);
              writes.add(n);
              assertThat(remaining(sources)).isEqualTo(before - n);
              assertMovedInOrder(sources);
              received.writeBytes(drainPeer());
            }
          } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
          }
          return CompletableFuture.completedFuture(null);
        });
    assertThat(received.toByteArray()).isEqualTo(expected(sizes));
    assertThat(writes.stream().mapToLong(Long::longValue).sum()).isEqualTo(total);
    return writes;
  }

  /** No buffer has moved while one before it still has bytes. */
  private static void assertMovedInOrder(ByteBuffer[] sources) {
    for (int i = 0; i + 1 < sources.length; i++) {
      if (sources[i].hasRemaining()) {
        assertThat(sources[i + 1].position()).isZero();
      }
    }
  }

  private byte[] drainPeer() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer chunk = ByteBuffer.allocate(8192);
    while (peer.read(chunk.clear()) > 0) {
      out.write(chunk.array(), 0, chunk.position());
    }
    return out.toByteArray();
  }

  private static long remaining(ByteBuffer[] sources) {
    return Arrays.stream(sources).mapToLong(ByteBuffer::remaining).sum();
  }

  private static ByteBuffer[] filled(IntFunction<ByteBuffer> make, int... sizes) {
    byte[] all = expected(sizes);
    ByteBuffer[] sources = new ByteBuffer[sizes.length];
    int offset = 0;
    for (int i = 0; i < sizes.length; i++) {
      ByteBuffer writable = ByteBuffer.allocate(sizes[i]).put(all, offset, sizes[i]).flip();
      ByteBuffer made = make.apply(sizes[i]);
      if (made.isReadOnly()) {
        sources[i] = writable.asReadOnlyBuffer();
      } else {
        sources[i] = made.put(writable).flip();
      }
      offset += sizes[i];
    }
    return sources;
  }

  /** The bytes of buffers of {@code sizes} in order: each byte names its buffer and its place. */
  private static byte[] expected(int... sizes) {
    byte[] all = new byte[Arrays.stream(sizes).sum()];
    int offset = 0;
    for (int i = 0; i < sizes.length; i++) {
      for (int j = 0; j < sizes[i]; j++) {
        all[offset + j] = (byte) ('a' + i + 7 * (j % 31));
      }
      offset += sizes[i];
    }
    return all;
  }
}
