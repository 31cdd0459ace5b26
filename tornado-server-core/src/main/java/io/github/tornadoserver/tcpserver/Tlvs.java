package io.github.tornadoserver.tcpserver;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.tornadoserver.iostream.ProxyHeader;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.zip.CRC32C;

/**
 * The type-length-value fields after a v2 header's addresses. The ones a server can use (TLS facts,
 * the authority, ALPN) are read; a {@code PP2_TYPE_CRC32C} is verified against the whole header, as
 * the specification requires of a receiver (section 2.2.5), so a header whose checksum does not
 * match is refused rather than believed; every other type, NOOP padding included, is skipped after
 * checking that it fits the header.
 */
final class Tlvs {
  static final int ALPN = 0x01;
  static final int AUTHORITY = 0x02;
  static final int CRC32C = 0x03;
  static final int SSL = 0x20;
  static final int SSL_VERSION = 0x21;

  /** {@code PP2_CLIENT_SSL}: the client connected to the proxy over TLS. */
  static final int CLIENT_SSL = 0x01;

  private boolean tls;
  private String tlsVersion;
  private String authority;
  private String alpn;

  /** Where the value of the header's {@code PP2_TYPE_CRC32C} starts, or -1 without one. */
  private int crcAt = -1;

  private Tlvs() {}

  /**
   * Reads the TLVs from {@code header}'s position to its limit into a header with the addresses.
   */
  static ProxyHeader read(ByteBuffer header, SocketAddress source, SocketAddress destination)
      throws ProxyHeaderException {
    Tlvs tlvs = new Tlvs();
    tlvs.readAll(header, false);
    if (tlvs.crcAt >= 0) {
      verifyChecksum(header, tlvs.crcAt);
    }
    return new ProxyHeader(
        2, source, destination, tlvs.tls, tlvs.tlsVersion, tlvs.authority, tlvs.alpn);
  }

  private void readAll(ByteBuffer in, boolean insideSsl) throws ProxyHeaderException {
    while (in.hasRemaining()) {
      ProxyHeaderParser.need(in, 3, "TLV");
      int type = in.get() & 0xFF;
      int length = in.getShort() & 0xFFFF;
      if (length > in.remaining()) {
        throw new ProxyHeaderException(
            String.format(
                "v2 TLV 0x%02x of %d bytes overruns the header (%d left)",
                type, length, in.remaining()));
      }
      ByteBuffer value = in.slice(in.position(), length);
      if (type == CRC32C && !insideSsl) {
        noteChecksum(in.position(), length);
      }
      in.position(in.position() + length);
      use(type, value, insideSsl);
    }
  }

  private void use(int type, ByteBuffer value, boolean insideSsl) throws ProxyHeaderException {
    if (insideSsl) {
      if (type == SSL_VERSION) {
        tlsVersion = text(value, US_ASCII);
      }
      return;
    }
    switch (type) {
      case ALPN -> alpn = text(value, US_ASCII);
      case AUTHORITY -> authority = text(value, UTF_8);
      case SSL -> readSsl(value);
      default -> {
        // NOOP, UNIQUE_ID, NETNS and vendor types: nothing to use here (the CRC32C is checked
        // once the whole header was read).
      }
    }
  }

  private void noteChecksum(int at, int length) throws ProxyHeaderException {
    if (length != 4) {
      throw new ProxyHeaderException(
          "v2 PP2_TYPE_CRC32C of " + length + " bytes (expected: 4, a 32-bit checksum)");
    }
    if (crcAt >= 0) {
      throw new ProxyHeaderException("v2 header has more than one PP2_TYPE_CRC32C");
    }
    crcAt = at;
  }

  /**
   * The CRC-32C of the whole header, computed with the checksum's own four bytes as zeros, must be
   * the value those bytes hold (in network order).
   */
  private static void verifyChecksum(ByteBuffer header, int at) throws ProxyHeaderException {
    int stated = header.getInt(at);
    CRC32C crc = new CRC32C();
    crc.update(header.slice(0, at));
    crc.update(new byte[4]);
    crc.update(header.slice(at + 4, header.limit() - at - 4));
    int computed = (int) crc.getValue();
    if (computed != stated) {
      throw new ProxyHeaderException(
          String.format(
              "v2 header's PP2_TYPE_CRC32C is 0x%08x but its bytes give 0x%08x", stated, computed));
    }
  }

  /** {@code PP2_TYPE_SSL}: a client byte, a verify word, then sub-TLVs. */
  private void readSsl(ByteBuffer value) throws ProxyHeaderException {
    ProxyHeaderParser.need(value, 5, "PP2_TYPE_SSL");
    tls = (value.get() & CLIENT_SSL) != 0;
    value.getInt(); // verify: 0 when the client presented a certificate that verified
    readAll(value, true);
  }

  private static String text(ByteBuffer value, Charset charset) {
    byte[] bytes = new byte[value.remaining()];
    value.get(bytes);
    return new String(bytes, charset);
  }
}
