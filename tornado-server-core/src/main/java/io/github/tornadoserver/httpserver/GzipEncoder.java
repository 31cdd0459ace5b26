package io.github.tornadoserver.httpserver;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzips one response body (RFC 1952) piece by piece: each {@link #encode} returns everything its
 * input compresses to (a sync flush), so a streamed response is never held back, and memory stays
 * that of one deflater plus one piece. {@link #finish} returns the tail and the trailer, and frees
 * the deflater; {@link #end} frees it without a tail (a response that failed). A deflater never
 * ended is freed when it is collected.
 *
 * <p>Not thread-safe: a response's writes run on its connection's loop.
 */
final class GzipEncoder {
  /** Magic, deflate, no flags, no time, no extra flags, unknown OS (RFC 1952 §2.3). */
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  private static final int STEP = 8192;

  private final Deflater deflater;
  private final CRC32 crc = new CRC32();
  private final byte[] step = new byte[STEP];
  private boolean headerWritten;

  GzipEncoder(int level) {
    this.deflater = new Deflater(level, true);
  }

  /** Compresses {@code chunk} (consuming it) and flushes: the result decodes to all of it. */
  byte[] encode(ByteBuffer chunk) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(chunk.remaining() / 2 + 64);
    header(out);
    crc.update(chunk.duplicate());
    deflater.setInput(chunk);
    int n;
    do {
      // Javadoc of Deflater.deflate: a sync flush that filled the buffer may have more to give.
      n = deflater.deflate(step, 0, STEP, Deflater.SYNC_FLUSH);
      out.write(step, 0, n);
    } while (n == STEP);
    return out.toByteArray();
  }

  /** Whatever is left, then the CRC-32 and the input size; the deflater is freed. */
  byte[] finish() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    header(out);
    deflater.finish();
    while (!deflater.finished()) {
      out.write(step, 0, deflater.deflate(step));
    }
    littleEndian(out, (int) crc.getValue());
    littleEndian(out, (int) deflater.getBytesRead()); // ISIZE: the size modulo 2^32
    deflater.end();
    return out.toByteArray();
  }

  /** {@code body} compressed whole (consuming it), header to trailer; the deflater is freed. */
  byte[] encodeWhole(ByteBuffer body) {
    crc.update(body.duplicate());
    deflater.setInput(body);
    return finish();
  }

  /** Frees the deflater without finishing; safe to call more than once. */
  void end() {
    deflater.end();
  }

  private void header(ByteArrayOutputStream out) {
    if (!headerWritten) {
      out.write(HEADER, 0, HEADER.length);
      headerWritten = true;
    }
  }

  private static void littleEndian(ByteArrayOutputStream out, int value) {
    out.write(value);
    out.write(value >>> 8);
    out.write(value >>> 16);
    out.write(value >>> 24);
  }
}
