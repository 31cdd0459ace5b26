package io.github.tornadoserver.http1connection;

import io.github.tornadoserver.httputil.HTTPInputException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Streaming decompression of a {@code Content-Encoding: gzip} request body (RFC 9110 section
 * 8.4.1.3, format RFC 1952), for {@code decompressRequest}. Compressed bytes are fed as they
 * arrive, in pieces of any size (a header may be split anywhere); decompressed bytes come out in
 * chunks of at most the {@code chunkSize} the decoder was made with (itself capped at {@value
 * #CHUNK}), as Tornado's {@code _GzipMessageDelegate} bounds them by {@code chunk_size}.
 *
 * <p>Stricter than Tornado, which hands the bytes to zlib and ignores the trailer: the header's
 * reserved flag bits must be zero and its optional CRC16 must match (RFC 1952 section 2.3.1.2), and
 * every member's CRC32 and ISIZE trailer must be present and match (section 2.3.1). Concatenated
 * members are decoded one after another (section 2.2) as {@code gzip -d} does. An input of no bytes
 * at all is an empty body.
 *
 * <p>The output limit is enforced before anything beyond it is handed out: the decoder never
 * inflates more than {@code maxOutputBytes + 1} bytes in total, so a small compressed body that
 * expands enormously (a "gzip bomb") costs no more than the limit, and the consumer never sees a
 * byte past it.
 *
 * <p>Not thread-safe: one decoder per request, used on the connection's loop thread. Call {@link
 * #end()} when done (also after a failure) to free the native inflater.
 */
final class GzipDecoder {

  /**
   * The largest chunk handed to the consumer whatever {@code chunkSize} says: the output buffer is
   * allocated once per request, so a huge {@code chunkSize} must not make it huge.
   */
  static final int CHUNK = 64 * 1024;

  /** Longest accepted FNAME or FCOMMENT header field (RFC 1952 sets no limit; we must). */
  static final int MAX_HEADER_FIELD = 64 * 1024;

  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;
  private static final int RESERVED = 0xE0;

  /** The output limit was exceeded; the HTTP layer answers 413 rather than 400. */
  static final class OutputLimitException extends HTTPInputException {
    private static final long serialVersionUID = 1L;

    OutputLimitException(long limit) {
      super("decompressed body exceeds " + limit + " bytes");
    }
  }

  private enum State {
    /** Between members (or before the first): the next byte starts a header. */
    BETWEEN,
    HEADER,
    XLEN,
    EXTRA,
    NAME,
    COMMENT,
    HCRC,
    DATA,
    TRAILER,
    FAILED,
    FINISHED,
    ENDED
  }

  private final long maxOutputBytes;
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private final CRC32 headerCrc = new CRC32();
  private final int chunkSize;
  private final ByteBuffer output;
  private final byte[] small = new byte[10];

  private State state = State.BETWEEN;
  private int smallLen;
  private int flags;
  private int fieldRemaining;
  private int fieldLen;
  private int members;
  private long memberSize;
  private long totalOut;

  /**
   * Creates a decoder.
   *
   * @param maxOutputBytes the most decompressed bytes accepted over the whole body
   * @param chunkSize the most decompressed bytes handed to the consumer at once (above {@value
   *     #CHUNK}, {@value #CHUNK})
   * @throws IllegalArgumentException if {@code maxOutputBytes} is negative or {@code chunkSize} is
   *     not positive
   */
  GzipDecoder(long maxOutputBytes, int chunkSize) {
    if (maxOutputBytes < 0) {
      throw new IllegalArgumentException("maxOutputBytes: " + maxOutputBytes + " (expected >= 0)");
    }
    if (chunkSize <= 0) {
      throw new IllegalArgumentException("chunkSize: " + chunkSize + " (expected > 0)");
    }
    this.maxOutputBytes = maxOutputBytes;
    this.chunkSize = Math.min(chunkSize, CHUNK);
    this.output = ByteBuffer.allocate(this.chunkSize);
  }

  /**
   * Consumes all of {@code compressedChunk} (its position ends at its limit unless this throws),
   * handing each decompressed piece to {@code out}. The buffer given to {@code out} is only valid
   * during the call and is reused afterwards.
   *
   * @param compressedChunk the next bytes of the body
   * @param out receives decompressed chunks of 1 to {@code chunkSize} bytes
   * @throws OutputLimitException if the decompressed body would exceed {@code maxOutputBytes}
   * @throws HTTPInputException if the input is not valid gzip: bad magic, compression method other
   *     than deflate, reserved flags set, header CRC mismatch, an over-long name or comment,
   *     corrupt deflate data, or a CRC32/ISIZE trailer mismatch
   * @throws IllegalStateException if the decoder already failed, finished or ended
   */
  void decode(ByteBuffer compressedChunk, Consumer<ByteBuffer> out) throws HTTPInputException {
    checkUsable();
    try {
      while (compressedChunk.hasRemaining()) {
        step(compressedChunk, out);
      }
    } catch (HTTPInputException | RuntimeException e) {
      state = State.FAILED;
      throw e;
    }
  }

  /**
   * Tells the decoder the input has ended.
   *
   * @throws HTTPInputException "truncated gzip stream" if a member was not complete (its trailer
   *     included)
   * @throws IllegalStateException if the decoder already failed, finished or ended
   */
  void finish() throws HTTPInputException {
    checkUsable();
    if (state != State.BETWEEN) {
      state = State.FAILED;
      throw new HTTPInputException("truncated gzip stream");
    }
    state = State.FINISHED;
  }

  /** Frees the inflater. Idempotent; the decoder cannot be used afterwards. */
  void end() {
    inflater.end();
    state = State.ENDED;
  }

  private void checkUsable() {
    if (state == State.FAILED || state == State.FINISHED || state == State.ENDED) {
      throw new IllegalStateException("gzip decoder is " + state.name().toLowerCase(Locale.ROOT));
    }
  }

  private void step(ByteBuffer in, Consumer<ByteBuffer> out) throws HTTPInputException {
    switch (state) {
      case BETWEEN -> {
        state = State.HEADER;
        smallLen = 0;
        headerCrc.reset();
      }
      case HEADER -> {
        if (fill(in, 10, true)) {
          readFixedHeader();
        }
      }
      case XLEN -> {
        if (fill(in, 2, true)) {
          fieldRemaining = (small[0] & 0xFF) | (small[1] & 0xFF) << 8;
          state = State.EXTRA;
        }
      }
      case EXTRA -> {
        int n = Math.min(fieldRemaining, in.remaining());
        for (int i = 0; i < n; i++) {
          headerCrc.update(in.get());
        }
        fieldRemaining -= n;
        if (fieldRemaining == 0) {
          afterExtra();
        }
      }
      case NAME, COMMENT -> readZeroTerminated(in);
      case HCRC -> {
        if (fill(in, 2, false)) {
          int expected = (small[0] & 0xFF) | (small[1] & 0xFF) << 8;
          if (expected != (int) (headerCrc.getValue() & 0xFFFF)) {
            throw new HTTPInputException("gzip header CRC mismatch");
          }
          startData();
        }
      }
      case DATA -> inflate(in, out);
      case TRAILER -> {
        if (fill(in, 8, false)) {
          checkTrailer();
        }
      }
      default -> throw new IllegalStateException(state.name());
    }
  }

  /** Copies bytes into {@code small} until it holds {@code n}; true when it does. */
  private boolean fill(ByteBuffer in, int n, boolean partOfHeader) {
    while (smallLen < n && in.hasRemaining()) {
      byte b = in.get();
      if (partOfHeader) {
        headerCrc.update(b);
      }
      small[smallLen++] = b;
    }
    if (smallLen < n) {
      return false;
    }
    smallLen = 0;
    return true;
  }

  /** RFC 1952 section 2.3: ID1 ID2 CM FLG MTIME(4) XFL OS. */
  private void readFixedHeader() throws HTTPInputException {
    if ((small[0] & 0xFF) != 0x1f || (small[1] & 0xFF) != 0x8b) {
      throw new HTTPInputException(
          members == 0 ? "not gzip data (bad magic)" : "data after the gzip trailer is not gzip");
    }
    if (small[2] != 8) {
      throw new HTTPInputException("unknown gzip compression method " + (small[2] & 0xFF));
    }
    flags = small[3] & 0xFF;
    if ((flags & RESERVED) != 0) {
      throw new HTTPInputException("reserved gzip header flags set");
    }
    if ((flags & FEXTRA) != 0) {
      state = State.XLEN;
    } else {
      afterExtra();
    }
  }

  private void afterExtra() {
    if ((flags & FNAME) != 0) {
      state = State.NAME;
      fieldLen = 0;
    } else {
      afterName();
    }
  }

  private void afterName() {
    if ((flags & FCOMMENT) != 0) {
      state = State.COMMENT;
      fieldLen = 0;
    } else {
      afterComment();
    }
  }

  private void afterComment() {
    if ((flags & FHCRC) != 0) {
      state = State.HCRC;
    } else {
      startData();
    }
  }

  private void readZeroTerminated(ByteBuffer in) throws HTTPInputException {
    while (in.hasRemaining()) {
      byte b = in.get();
      headerCrc.update(b);
      if (b == 0) {
        if (state == State.NAME) {
          afterName();
        } else {
          afterComment();
        }
        return;
      }
      if (++fieldLen > MAX_HEADER_FIELD) {
        throw new HTTPInputException(
            "gzip header " + (state == State.NAME ? "file name" : "comment") + " too long");
      }
    }
  }

  private void startData() {
    // FTEXT is only a hint (RFC 1952 section 2.3.1.2); the bytes are passed on unchanged.
    inflater.reset();
    crc.reset();
    memberSize = 0;
    state = State.DATA;
  }

  private void inflate(ByteBuffer in, Consumer<ByteBuffer> out) throws HTTPInputException {
    inflater.setInput(in);
    while (true) {
      long remaining = maxOutputBytes - totalOut;
      output.clear();
      // One byte more than allowed tells "exactly at the limit" from "over it".
      output.limit(remaining >= chunkSize ? chunkSize : (int) remaining + 1);
      int n;
      try {
        n = inflater.inflate(output);
      } catch (DataFormatException e) {
        throw new HTTPInputException("corrupt gzip data: " + e.getMessage());
      }
      if (n > remaining) {
        throw new OutputLimitException(maxOutputBytes);
      }
      if (n > 0) {
        totalOut += n;
        memberSize += n;
        output.flip();
        crc.update(output.duplicate());
        out.accept(output);
      }
      if (inflater.finished()) {
        state = State.TRAILER;
        smallLen = 0;
        return;
      }
      if (inflater.needsDictionary()) {
        throw new HTTPInputException("corrupt gzip data: preset dictionary requested");
      }
      if (n == 0) {
        if (inflater.needsInput()) {
          return;
        }
        throw new HTTPInputException("corrupt gzip data: inflater made no progress");
      }
    }
  }

  /** RFC 1952 section 2.3.1: CRC32 then ISIZE (size modulo 2^32), both little-endian. */
  private void checkTrailer() throws HTTPInputException {
    long expectedCrc = le32(0);
    long expectedSize = le32(4);
    if (expectedCrc != crc.getValue()) {
      throw new HTTPInputException("gzip CRC32 mismatch");
    }
    if (expectedSize != (memberSize & 0xFFFFFFFFL)) {
      throw new HTTPInputException("gzip ISIZE mismatch");
    }
    members++;
    state = State.BETWEEN;
  }

  private long le32(int at) {
    return (small[at] & 0xFFL)
        | (small[at + 1] & 0xFFL) << 8
        | (small[at + 2] & 0xFFL) << 16
        | (small[at + 3] & 0xFFL) << 24;
  }
}
