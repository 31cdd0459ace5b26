package io.github.tornadoserver.benchmarks;

import java.nio.ByteBuffer;

/**
 * What both hello servers share for TLS: the body of {@code GET /bulk}: {@link #SIZE} bytes, sent
 * in pieces of {@link #PIECE} bytes cut from one shared read-only array, so a download holds no
 * more than one piece in memory.
 */
final class BulkBody {
  /** 256 MiB. */
  static final long SIZE = 256L << 20;

  /** 64 KiB, the size of one write. */
  static final int PIECE = 64 << 10;

  /**
   * The one cipher suite both hello servers enable with {@code tls}, so that they are compared on
   * the same cipher (Netty's default order and the JDK's differ).
   */
  static final String TLS_CIPHER = "TLS_AES_128_GCM_SHA256";

  private static final byte[] BYTES = bytes();

  private BulkBody() {}

  private static byte[] bytes() {
    byte[] bytes = new byte[PIECE];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) ('a' + i % 26);
    }
    return bytes;
  }

  /** A read-only view of the first {@code n} bytes of the shared piece. */
  static ByteBuffer piece(int n) {
    return ByteBuffer.wrap(BYTES, 0, n).asReadOnlyBuffer();
  }

  /** The shared piece itself; callers must not change it. */
  static byte[] array() {
    return BYTES;
  }
}
