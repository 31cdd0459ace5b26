package io.github.tornadoserver.iostream;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.github.tornadoserver.ioloop.IOLoop;

/**
 * Streams with no socket, for tests of any package: an {@link IOStream} whose peer is a {@link
 * Peer} the test drives. The stream reads the peer's bytes at most {@code pieceSize} at a time, one
 * piece per loop iteration, so a protocol above it sees every split a slow network could make, and
 * exactly those (a socket test cannot promise that: TCP may merge pieces).
 *
 * <p>Everything here runs on the loop's thread, as the stream does.
 */
public final class MemoryStreams {
  /** A piece size that delivers whatever is waiting in one read (up to the read chunk size). */
  public static final int WHOLE = Integer.MAX_VALUE;

  private MemoryStreams() {}

  /**
   * A stream on {@code loop} (which must be the calling thread's loop) with the default buffer
   * limits, and the peer that feeds it.
   */
  public static Pair pair(IOLoop loop, int pieceSize) {
    return pair(loop, pieceSize, StreamOptions.defaults());
  }

  /** {@link #pair(IOLoop, int)} with the given buffer limits. */
  public static Pair pair(IOLoop loop, int pieceSize, StreamOptions options) {
    loop.checkThread();
    MemoryTransport transport = new MemoryTransport(pieceSize);
    IOStream stream = new IOStream(loop, transport, options);
    return new Pair(stream, new Peer(transport));
  }

  /** The stream under test and its peer. */
  public record Pair(IOStream stream, Peer peer) {}

  /** The far end of a memory stream. Loop thread only. */
  public static final class Peer {
    private final MemoryTransport transport;

    private Peer(MemoryTransport transport) {
      this.transport = transport;
    }

    /** Sends {@code bytes}; the stream reads them in pieces in the coming loop iterations. */
    public void send(byte[] bytes) {
      transport.feed(bytes);
    }

    /** Sends {@code text} as ISO-8859-1 bytes. */
    public void send(String text) {
      send(text.getBytes(ISO_8859_1));
    }

    /** Closes the peer's side: the stream reads EOF after the bytes already sent. */
    public void close() {
      transport.closeFromPeer();
    }

    /** Everything the stream has written so far. */
    public byte[] received() {
      return transport.written();
    }

    /** {@link #received()} as ISO-8859-1 text. */
    public String receivedText() {
      return new String(received(), ISO_8859_1);
    }

    /** Bytes sent by this peer that the stream has not read yet. */
    public int unread() {
      return transport.unread();
    }

    /** Whether the stream has closed the connection. */
    public boolean closedByStream() {
      return transport.closed();
    }
  }
}
