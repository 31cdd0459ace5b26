package io.github.tornadoserver.sample.webflux;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * The length and SHA-256 of a body read buffer by buffer; each buffer is released once counted. Not
 * thread-safe: a body's buffers arrive one at a time.
 */
final class BodyDigest {
  private final MessageDigest sha256 = newSha256();
  private long length;

  /** Counts {@code buffer}'s readable bytes, then releases it. */
  void add(DataBuffer buffer) {
    try (DataBuffer.ByteBufferIterator readable = buffer.readableByteBuffers()) {
      while (readable.hasNext()) {
        ByteBuffer bytes = readable.next();
        length += bytes.remaining();
        sha256.update(bytes);
      }
    } finally {
      DataBufferUtils.release(buffer);
    }
  }

  long length() {
    return length;
  }

  /** The digest in lower-case hex; call once, after the last buffer. */
  String sha256() {
    return HexFormat.of().formatHex(sha256.digest());
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
