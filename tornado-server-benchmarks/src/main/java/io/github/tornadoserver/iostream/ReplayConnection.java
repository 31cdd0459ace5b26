package io.github.tornadoserver.iostream;

import io.github.tornadoserver.ioloop.IOLoop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * A keep-alive connection with no socket for the whole-path benchmarks: each {@link #exchange()}
 * sends the same request bytes again and runs the stream's loop on the calling thread until the
 * expected number of response bytes was written. The transport allocates nothing per exchange, so
 * what {@code -prof gc} counts is the server's: the one exception is the loop callback that starts
 * the exchange (and one per redelivery), which {@link #loopFloor()} measures alone.
 *
 * <p>It lives in {@code iostream} because the stream's transport seam is package-private in core;
 * the benchmarks jar puts it on the class path next to core's classes. Calling thread only: the
 * thread that opened it owns the loop.
 */
public final class ReplayConnection {

  private final IOLoop loop;
  private final Replay transport;
  private final IOStream stream;
  private final Runnable start;
  private final Runnable stop;

  private ReplayConnection(IOLoop loop, byte[] requests) {
    this.loop = loop;
    this.transport = new Replay(loop, requests);
    this.stream = new IOStream(loop, transport, StreamOptions.defaults());
    this.start = transport::deliver;
    this.stop = loop::stop;
  }

  /**
   * A connection on a new loop, made current on the calling thread, that sends {@code requests} on
   * each exchange.
   */
  public static ReplayConnection open(byte[] requests) {
    IOLoop loop = new IOLoop();
    loop.makeCurrent();
    return new ReplayConnection(loop, requests);
  }

  /** The stream the server reads the requests from and writes its responses to. */
  public IOStream stream() {
    return stream;
  }

  /** The address the server sees as its peer. */
  public SocketAddress peer() {
    return ConnectedTransport.PEER;
  }

  /**
   * Learns how many bytes one exchange answers with: sends the requests once and runs the loop
   * until nothing is left to do. Returns what was written, for the caller to check.
   */
  public byte[] learnResponse() {
    transport.record = true;
    transport.expected = Long.MAX_VALUE;
    loop.addCallback(start);
    for (int i = 0; i < 100; i++) {
      loop.addCallback(stop);
      loop.start();
    }
    transport.record = false;
    transport.expected = transport.written.size();
    return transport.written.toByteArray();
  }

  /** Sends the requests and runs the loop until their responses were all written. */
  public void exchange() {
    transport.sentThisExchange = 0;
    loop.addCallback(start);
    loop.start();
    if (transport.sentThisExchange != transport.expected) {
      throw new IllegalStateException(
          "exchange wrote "
              + transport.sentThisExchange
              + " bytes (expected: "
              + transport.expected
              + ")");
    }
  }

  /** One loop turn and nothing else: what {@link #exchange()} costs without a server. */
  public void loopFloor() {
    loop.addCallback(stop);
    loop.start();
  }

  /** Closes the stream and the loop. */
  public void close() {
    stream.close();
    loop.close(true);
  }

  /** Hands the same bytes to the stream on each delivery; counts and drops what it writes. */
  private static final class Replay extends ConnectedTransport {
    private final IOLoop loop;
    private final byte[] requests;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private int unreadFrom;
    private boolean record;
    private long expected;
    private long sentThisExchange;

    Replay(IOLoop loop, byte[] requests) {
      this.loop = loop;
      this.requests = requests;
      this.unreadFrom = requests.length;
    }

    void deliver() {
      unreadFrom = 0;
      dispatch();
    }

    @Override
    boolean hasInput() {
      return unreadFrom < requests.length;
    }

    @Override
    public int read(ByteBuffer dst) {
      int n = Math.min(requests.length - unreadFrom, dst.remaining());
      dst.put(requests, unreadFrom, n);
      unreadFrom += n;
      bytesReceived += n;
      return n;
    }

    @Override
    public long write(ByteBuffer[] src, int count) throws IOException {
      if (closed) {
        throw new IOException("replay transport closed");
      }
      long n = 0;
      for (int i = 0; i < count; i++) {
        ByteBuffer buffer = src[i];
        n += buffer.remaining();
        if (record) {
          while (buffer.hasRemaining()) {
            written.write(buffer.get());
          }
        }
        buffer.position(buffer.limit());
      }
      bytesSent += n;
      sentThisExchange += n;
      if (sentThisExchange >= expected) {
        loop.stop();
      }
      return n;
    }
  }
}
