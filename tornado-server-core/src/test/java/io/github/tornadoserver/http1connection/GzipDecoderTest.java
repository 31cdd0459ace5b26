package io.github.tornadoserver.http1connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tornadoserver.httputil.HTTPInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GzipDecoderTest {

  private static final int WHOLE = Integer.MAX_VALUE;

  /** Mixed compressible and random bytes, larger than several output chunks. */
  private static byte[] sample(int size) {
    byte[] data = new byte[size];
    Random random = new Random(42);
    for (int i = 0; i < size; i++) {
      data[i] = (i / 1000) % 2 == 0 ? (byte) ('a' + i % 7) : (byte) random.nextInt();
    }
    return data;
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  /**
   * A member with FEXTRA, FNAME, FCOMMENT and FHCRC, built by hand (GZIPOutputStream sets none).
   */
  private static byte[] gzipWithAllHeaderFields(byte[] data) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 1, 2, 3, 4, 0, 3});
    b.writeBytes(new byte[] {5, 0, 'A', 'B', 3, 0, 'x'}); // XLEN=5, one subfield
    b.writeBytes("report.txt\0".getBytes(StandardCharsets.ISO_8859_1));
    b.writeBytes("a comment\0".getBytes(StandardCharsets.ISO_8859_1));
    CRC32 headerCrc = new CRC32();
    headerCrc.update(b.toByteArray());
    int crc16 = (int) headerCrc.getValue() & 0xFFFF;
    b.write(crc16 & 0xFF);
    b.write(crc16 >>> 8);
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    deflater.setInput(data);
    deflater.finish();
    byte[] buf = new byte[8192];
    while (!deflater.finished()) {
      b.write(buf, 0, deflater.deflate(buf));
    }
    deflater.end();
    CRC32 crc = new CRC32();
    crc.update(data);
    writeLe32(b, crc.getValue());
    writeLe32(b, data.length);
    return b.toByteArray();
  }

  private static void writeLe32(ByteArrayOutputStream b, long v) {
    for (int i = 0; i < 4; i++) {
      b.write((int) (v >>> (8 * i)) & 0xFF);
    }
  }

  /** Feeds {@code input} in pieces of {@code piece} bytes, finishes, and returns the output. */
  private static byte[] decode(byte[] input, int piece, long max) throws HTTPInputException {
    return decode(input, piece, max, GzipDecoder.CHUNK);
  }

  /** As above, with output chunks of at most {@code chunkSize} bytes. */
  private static byte[] decode(byte[] input, int piece, long max, int chunkSize)
      throws HTTPInputException {
    GzipDecoder decoder = new GzipDecoder(max, chunkSize);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      feed(decoder, input, piece, out, chunkSize);
      decoder.finish();
      return out.toByteArray();
    } finally {
      decoder.end();
    }
  }

  private static void feed(
      GzipDecoder decoder, byte[] input, int piece, ByteArrayOutputStream out, int chunkSize)
      throws HTTPInputException {
    for (int at = 0; at < input.length; at += piece) {
      ByteBuffer chunk = ByteBuffer.wrap(input, at, Math.min(piece, input.length - at));
      decoder.decode(
          chunk,
          buf -> {
            assertThat(buf.remaining()).isBetween(1, chunkSize);
            byte[] copy = new byte[buf.remaining()];
            buf.get(copy);
            out.writeBytes(copy);
          });
      assertThat(chunk.hasRemaining()).isFalse();
    }
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 2, 7, 4096, WHOLE})
  void roundTripsAtEveryFragmentation(int piece) throws Exception {
    byte[] data = sample(200_000);
    assertThat(decode(gzip(data), piece, Long.MAX_VALUE)).isEqualTo(data);
    assertThat(decode(gzipWithAllHeaderFields(data), piece, Long.MAX_VALUE)).isEqualTo(data);
  }

  @ParameterizedTest(name = "chunkSize {0}")
  @ValueSource(ints = {1, 16, 1000, GzipDecoder.CHUNK})
  void everyOutputChunkRespectsTheChunkSize(int chunkSize) throws Exception {
    byte[] data = sample(20_000);
    for (int piece : new int[] {1, 45, WHOLE}) {
      assertThat(decode(gzip(data), piece, Long.MAX_VALUE, chunkSize)).isEqualTo(data);
    }
  }

  @Test
  void aChunkSizeAboveTheCapGivesChunksOfTheCap() throws Exception {
    byte[] data = sample(GzipDecoder.CHUNK * 3);
    assertThat(decode(gzip(data), WHOLE, Long.MAX_VALUE, Integer.MAX_VALUE)).isEqualTo(data);
  }

  @Test
  void theOutputLimitHoldsWithOneByteChunks() throws Exception {
    byte[] data = sample(100);
    assertThat(decode(gzip(data), WHOLE, 100, 1)).isEqualTo(data);
    assertThatThrownBy(() -> decode(gzip(data), WHOLE, 99, 1))
        .isInstanceOf(GzipDecoder.OutputLimitException.class);
  }

  @Test
  void aChunkSizeBelowOneIsRefused() {
    assertThatThrownBy(() -> new GzipDecoder(10, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunkSize: 0 (expected > 0)");
  }

  @ParameterizedTest(name = "pieces of {0} bytes")
  @ValueSource(ints = {1, 3, WHOLE})
  void concatenatedMembersDecodeOneAfterAnother(int piece) throws Exception {
    byte[] a = "first member, ".getBytes(StandardCharsets.US_ASCII);
    byte[] b = sample(70_000);
    byte[] input = concat(gzip(a), gzipWithAllHeaderFields(b), gzip(new byte[0]));
    assertThat(decode(input, piece, Long.MAX_VALUE)).isEqualTo(concat(a, b));
  }

  @Test
  void emptyInputIsAnEmptyBody() throws Exception {
    assertThat(decode(new byte[0], WHOLE, 10)).isEmpty();
    assertThat(decode(gzip(new byte[0]), 1, 0)).isEmpty();
  }

  @Test
  void everyTruncationFailsAtFinish() throws Exception {
    byte[] whole = gzipWithAllHeaderFields("hello, hello, hello".getBytes(StandardCharsets.UTF_8));
    for (int len = 1; len < whole.length; len++) {
      byte[] prefix = Arrays.copyOf(whole, len);
      assertThatThrownBy(() -> decode(prefix, 1, Long.MAX_VALUE))
          .as("prefix of %d bytes", len)
          .isInstanceOf(HTTPInputException.class)
          .hasMessage("truncated gzip stream");
    }
  }

  @Test
  void badHeadersAreRejected() throws Exception {
    byte[] good = gzip("x".getBytes(StandardCharsets.US_ASCII));
    assertRejected(with(good, 0, 0x1e), "not gzip data (bad magic)");
    assertRejected(with(good, 2, 7), "unknown gzip compression method 7");
    assertRejected(with(good, 3, 0x20), "reserved gzip header flags set");
    byte[] all = gzipWithAllHeaderFields("x".getBytes(StandardCharsets.US_ASCII));
    assertRejected(with(all, 14, 'Z'), "gzip header CRC mismatch"); // inside FEXTRA
  }

  @Test
  void corruptDeflateDataIsRejected() throws Exception {
    byte[] bad = gzip(sample(10_000));
    bad[10] = (byte) 0xff; // block type 3 is reserved (RFC 1951 section 3.2.3)
    assertThatThrownBy(() -> decode(bad, 7, Long.MAX_VALUE))
        .isInstanceOf(HTTPInputException.class)
        .hasMessageStartingWith("corrupt gzip data");
  }

  @Test
  void trailerMismatchesAreRejected() throws Exception {
    byte[] good = gzip(sample(1000));
    int trailer = good.length - 8;
    assertRejected(with(good, trailer, good[trailer] ^ 1), "gzip CRC32 mismatch");
    assertRejected(with(good, trailer + 4, good[trailer + 4] ^ 1), "gzip ISIZE mismatch");
  }

  @Test
  void bytesAfterTheTrailerMustBeAnotherMember() throws Exception {
    byte[] input = concat(gzip(sample(100)), new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    assertRejected(input, "data after the gzip trailer is not gzip");
  }

  @Test
  void overLongFileNameIsRejected() {
    byte[] header = new byte[10 + GzipDecoder.MAX_HEADER_FIELD + 1];
    System.arraycopy(new byte[] {0x1f, (byte) 0x8b, 8, 8}, 0, header, 0, 4);
    Arrays.fill(header, 10, header.length, (byte) 'n');
    assertRejected(header, "gzip header file name too long");
  }

  @Test
  void aGzipBombStopsAtTheOutputLimit() throws Exception {
    byte[] bomb = gzip(new byte[10 * 1024 * 1024]);
    long cap = 1024 * 1024;
    assertThat(bomb.length).isLessThan(20_000);
    for (int piece : new int[] {WHOLE, 1000}) {
      GzipDecoder decoder = new GzipDecoder(cap, GzipDecoder.CHUNK);
      long[] produced = {0};
      try {
        assertThatThrownBy(
                () -> {
                  for (int at = 0; at < bomb.length; at += piece) {
                    decoder.decode(
                        ByteBuffer.wrap(bomb, at, Math.min(piece, bomb.length - at)),
                        buf -> produced[0] += buf.remaining());
                  }
                })
            .isInstanceOf(GzipDecoder.OutputLimitException.class)
            .isInstanceOf(HTTPInputException.class)
            .hasMessage("decompressed body exceeds 1048576 bytes");
        assertThat(produced[0]).isLessThanOrEqualTo(cap);
        assertThatThrownBy(decoder::finish).isInstanceOf(IllegalStateException.class);
      } finally {
        decoder.end();
      }
    }
  }

  @Test
  void outputExactlyAtTheLimitIsAccepted() throws Exception {
    byte[] data = sample(GzipDecoder.CHUNK * 2);
    assertThat(decode(gzip(data), WHOLE, data.length)).isEqualTo(data);
    assertThatThrownBy(() -> decode(gzip(data), WHOLE, data.length - 1))
        .isInstanceOf(GzipDecoder.OutputLimitException.class);
  }

  @Test
  void anEndedDecoderCannotBeUsed() {
    GzipDecoder decoder = new GzipDecoder(10, GzipDecoder.CHUNK);
    decoder.end();
    decoder.end();
    assertThatThrownBy(() -> decoder.decode(ByteBuffer.allocate(1), b -> {}))
        .isInstanceOf(IllegalStateException.class);
  }

  private static void assertRejected(byte[] input, String message) {
    for (int piece : new int[] {1, WHOLE}) {
      assertThatThrownBy(() -> decode(input, piece, Long.MAX_VALUE))
          .isInstanceOf(HTTPInputException.class)
          .hasMessage(message);
    }
  }

  private static byte[] with(byte[] input, int index, int value) {
    byte[] copy = input.clone();
    copy[index] = (byte) value;
    return copy;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }
}
