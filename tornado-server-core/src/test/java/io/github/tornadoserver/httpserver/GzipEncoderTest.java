package io.github.tornadoserver.httpserver;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class GzipEncoderTest {

  private static byte[] gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  @Test
  void encodesAWholeBodyThatGzipInputStreamReads() throws IOException {
    byte[] body = "hello gzip ".repeat(300).getBytes(ISO_8859_1);

    byte[] gz = new GzipEncoder(6).encodeWhole(ByteBuffer.wrap(body));

    assertThat(gunzip(gz)).isEqualTo(body);
    assertThat(gz.length).isLessThan(body.length / 10);
  }

  @Test
  void encodesPiecesThatTogetherDecodeToTheWholeStream() throws IOException {
    byte[] body = new byte[300_000];
    new Random(13).nextBytes(body); // incompressible: each piece spans several deflate steps
    GzipEncoder encoder = new GzipEncoder(1);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();

    for (int at = 0; at < body.length; at += 70_000) {
      gz.writeBytes(encoder.encode(ByteBuffer.wrap(body, at, Math.min(70_000, body.length - at))));
    }
    gz.writeBytes(encoder.finish());

    assertThat(gunzip(gz.toByteArray())).isEqualTo(body);
  }

  @Test
  void flushesEachPieceSoThatItDecodesBeforeTheNext() throws IOException {
    GzipEncoder encoder = new GzipEncoder(6);
    byte[] first = encoder.encode(ByteBuffer.wrap("first piece".getBytes(ISO_8859_1)));

    // Without the trailer GZIPInputStream fails at the end, but only after giving the data.
    GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(first));
    byte[] seen = new byte[11];
    int n = in.readNBytes(seen, 0, 11);

    assertThat(new String(seen, 0, n, ISO_8859_1)).isEqualTo("first piece");
    encoder.end();
  }

  @Test
  void encodesAnEmptyBody() throws IOException {
    assertThat(gunzip(new GzipEncoder(6).finish())).isEmpty();
  }

  @Test
  void consumesTheChunkItEncodes() {
    ByteBuffer chunk = ByteBuffer.wrap("abc".getBytes(ISO_8859_1));
    GzipEncoder encoder = new GzipEncoder(6);

    encoder.encode(chunk);

    assertThat(chunk.hasRemaining()).isFalse();
    encoder.end();
  }
}
