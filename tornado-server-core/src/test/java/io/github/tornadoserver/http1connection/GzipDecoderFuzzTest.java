package io.github.tornadoserver.http1connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.tornadoserver.http1connection.GzipDecoder.OutputLimitException;
import io.github.tornadoserver.httputil.HTTPInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * The gzip request decoder on arbitrary bytes: the first two bytes choose the piece size the body
 * arrives in and the decoder's chunk size, the rest is the body. It must decode or reject with an
 * {@link HTTPInputException}, hand out chunks of 1 to chunkSize bytes and never more than its
 * limit, give the same outcome whatever the pieces, and, where it accepts a body, give the bytes
 * the JDK's {@link GZIPInputStream} gives.
 */
class GzipDecoderFuzzTest {
  private static final long LIMIT = 64 * 1024;

  @FuzzTest
  void decodesOrRejectsAnyBodyInAnyPieces(byte[] input) {
    if (input.length < 2) {
      return;
    }
    int piece = 1 + (input[0] & 0xff);
    int chunkSize = 1 + (input[1] & 0x3f) * 16;
    byte[] body = Arrays.copyOfRange(input, 2, input.length);
    String whole = decode(body, body.length + 1, chunkSize);
    String pieces = decode(body, piece, chunkSize);
    assertThat(pieces).as("outcome in pieces of " + piece).isEqualTo(whole);
    if (whole.startsWith("ok ") && body.length > 0) {
      assertThat(whole).as("the JDK's reading").isEqualTo("ok " + jdk(body));
    }
  }

  /** "ok" and the decoded bytes in hex, or "rejected" (the message may depend on the pieces). */
  private static String decode(byte[] body, int piece, int chunkSize) {
    GzipDecoder decoder = new GzipDecoder(LIMIT, chunkSize);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (int at = 0; at < body.length; at += piece) {
        ByteBuffer in = ByteBuffer.wrap(body, at, Math.min(piece, body.length - at));
        decoder.decode(
            in,
            chunk -> {
              assertThat(chunk.remaining()).isBetween(1, chunkSize);
              byte[] bytes = new byte[chunk.remaining()];
              chunk.get(bytes);
              out.writeBytes(bytes);
            });
        assertThat(in.hasRemaining()).as("input left unconsumed").isFalse();
      }
      decoder.finish();
      return "ok " + hex(out.toByteArray());
    } catch (OutputLimitException tooLong) {
      assertThat(out.size()).isLessThanOrEqualTo((int) LIMIT);
      return "over the limit";
    } catch (HTTPInputException rejected) {
      assertThat(out.size()).isLessThanOrEqualTo((int) LIMIT);
      return "rejected";
    } finally {
      decoder.end();
    }
  }

  private static String jdk(byte[] body) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return hex(in.readAllBytes());
    } catch (IOException e) {
      return "JDK rejects: " + e;
    }
  }

  private static String hex(byte[] bytes) {
    StringBuilder text = new StringBuilder();
    for (byte b : bytes) {
      text.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return text.toString();
  }
}
