package io.github.tornadoserver.iostream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A transport with no socket, for tests: the peer's bytes are queued by {@link #feed} and handed to
 * the stream at most {@code pieceSize} bytes per read, one read per loop event, so a parser above
 * the stream sees the input split at every {@code pieceSize} boundary however the peer sent it (TCP
 * may merge what a socket test sends; this does not). Everything the stream writes is taken at once
 * and kept for {@link #written}.
 *
 * <p>Readiness is emulated as {@link ConnectedTransport} describes.
 */
final class MemoryTransport extends ConnectedTransport {

  private final int pieceSize;
  private final ByteArrayOutputStream written = new ByteArrayOutputStream();
  private byte[] input = new byte[0];
  private int inputStart;
  private boolean peerClosed;

  /**
   * @param pieceSize the most bytes one read returns ({@code Integer.MAX_VALUE}: as many as fit)
   */
  MemoryTransport(int pieceSize) {
    if (pieceSize <= 0) {
      throw new IllegalArgumentException("pieceSize: " + pieceSize + " (expected: > 0)");
    }
    this.pieceSize = pieceSize;
  }

  /** Queues bytes from the peer; the stream sees them in the coming loop iterations. */
  void feed(byte[] bytes) {
    byte[] grown = Arrays.copyOfRange(input, inputStart, input.length + bytes.length);
    System.arraycopy(bytes, 0, grown, input.length - inputStart, bytes.length);
    input = grown;
    inputStart = 0;
    scheduleDispatch();
  }

  /** The peer sends nothing more: once its bytes are read, the stream reads EOF. */
  void closeFromPeer() {
    peerClosed = true;
    scheduleDispatch();
  }

  /** Everything the stream has written so far. */
  byte[] written() {
    return written.toByteArray();
  }

  /** Whether the stream has closed its side. */
  boolean closed() {
    return closed;
  }

  /** Bytes fed and not yet read by the stream. */
  int unread() {
    return input.length - inputStart;
  }

  @Override
  boolean hasInput() {
    return unread() > 0 || peerClosed;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    int available = unread();
    if (available == 0) {
      return peerClosed ? -1 : 0;
    }
    int n = Math.min(Math.min(available, pieceSize), dst.remaining());
    dst.put(input, inputStart, n);
    inputStart += n;
    bytesReceived += n;
    return n;
  }

  @Override
  public long write(ByteBuffer[] src, int count) throws IOException {
    if (closed) {
      throw new IOException("memory transport closed");
    }
    long n = 0;
    for (int i = 0; i < count; i++) {
      ByteBuffer buffer = src[i];
      int length = buffer.remaining();
      byte[] bytes = new byte[length];
      buffer.get(bytes);
      written.write(bytes, 0, length);
      n += length;
    }
    bytesSent += n;
    return n;
  }
}
