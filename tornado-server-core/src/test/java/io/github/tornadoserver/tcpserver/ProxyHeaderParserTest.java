package io.github.tornadoserver.tcpserver;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tornadoserver.iostream.ProxyHeader;
import io.github.tornadoserver.tcpserver.ProxyHeaderParser.Result;
import io.github.tornadoserver.tcpserver.ProxyHeaderParser.Status;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The PROXY protocol header parser, fed every message whole and in pieces of 1, 2 and 7 bytes: a
 * valid header is found exactly when its last byte arrives and never includes the bytes after it; a
 * malformed one is refused no later than its last byte and never found.
 */
class ProxyHeaderParserTest {
  private static final int WHOLE = Integer.MAX_VALUE;
  private static final byte[] AFTER = "GET / HTTP/1.1\r\n\r\n".getBytes(US_ASCII);
  private static final byte[] V2_SIGNATURE = {
    0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
  };

  // ---------------------------------------------------------------- version 1

  @ParameterizedTest
  @ValueSource(ints = {WHOLE, 1, 2, 7})
  void readsAV1Tcp4Header(int piece) throws Exception {
    ProxyHeader header = found("PROXY TCP4 192.0.2.10 198.51.100.1 56324 443\r\n", piece);
    assertThat(header.version()).isEqualTo(1);
    assertThat(header.local()).isFalse();
    assertThat(header.source()).isEqualTo(new InetSocketAddress("192.0.2.10", 56324));
    assertThat(header.destination()).isEqualTo(new InetSocketAddress("198.51.100.1", 443));
    assertThat(header.tls()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {WHOLE, 1, 2, 7})
  void readsAV1Tcp6Header(int piece) throws Exception {
    ProxyHeader header = found("PROXY TCP6 2001:db8::1 2001:db8::2 0 65535\r\n", piece);
    assertThat(header.source()).isEqualTo(new InetSocketAddress("2001:db8::1", 0));
    assertThat(header.destination()).isEqualTo(new InetSocketAddress("2001:db8::2", 65535));
  }

  @ParameterizedTest
  @ValueSource(ints = {WHOLE, 1, 2, 7})
  void aV1UnknownHeaderKeepsTheConnectionsAddressesWhateverFollowsIt(int piece) throws Exception {
    assertThat(found("PROXY UNKNOWN\r\n", piece).local()).isTrue();
    assertThat(found("PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n", piece).local()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {WHOLE, 1, 2, 7})
  void aV1HeaderOfExactly107BytesIsAcceptedAnd108AreNot(int piece) throws Exception {
    String longest = "PROXY UNKNOWN " + "x".repeat(107 - 16) + "\r\n";
    assertThat(longest).hasSize(107);
    assertThat(found(longest, piece).local()).isTrue();
    String tooLong = "PROXY UNKNOWN " + "x".repeat(108 - 16) + "\r\n";
    assertRefused(tooLong.getBytes(US_ASCII), piece, "no CRLF within 107 bytes");
  }

  @ParameterizedTest
  @ValueSource(ints = {WHOLE, 1, 2, 7})
  void refusesMalformedV1Headers(int piece) {
    assertRefused("PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n", piece, "unknown protocol \"TCP5\"");
    assertRefused("PROXY TCP4 1.2.3.4  5.6.7.8 1 2\r\n", piece, "has 5 fields (expected: 4)");
    assertRefused("PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n", piece, "has 3 fields (expected: 4)");
    assertRefused("PROXY TCP4 01.2.3.4 5.6.7.8 1 2\r\n", piece, "\"01.2.3.4\"");
    assertRefused("PROXY TCP4 ::1 5.6.7.8 1 2\r\n", piece, "\"::1\" (expected: an IPv4");
    assertRefused("PROXY TCP6 1.2.3.4 ::1 1 2\r\n", piece, "\"1.2.3.4\" (expected: an IPv6");
    assertRefused("PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\r\n", piece, "port \"65536\"");
    assertRefused("PROXY TCP4 1.2.3.4 5.6.7.8 080 2\r\n", piece, "port \"080\"");
    assertRefused("PROXY TCP4 1.2.3.4 5.6.7.8 -1 2\r\n", piece, "port \"-1\"");
    assertRefused("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\rX", piece, "CR not followed by LF");
    assertRefused("PROXY TCP4 1.2.3.4\t5.6.7.8 1 2\r\n", piece, "control or non-ASCII byte");
    assertRefused("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n", piece, "control or non-ASCII byte");
  }

  // ---------------------------------------------------------------- version 2

  @ParameterizedTest
  @ValueSource(ints = {WHOLE, 1, 2, 7})
  void readsAV2Ipv4Header(int piece) throws Exception {
    byte[] header =
        v2(0x21, 0x11, bytes(192, 0, 2, 10, 198, 51, 100, 1, 0xDC, 0x04, 0x01, 0xBB), new byte[0]);
    ProxyHeader found = found(header, piece);
    assertThat(found.version()).isEqualTo(2);
    assertThat(found.source()).isEqualTo(new InetSocketAddress("192.0.2.10", 56324));
    assertThat(found.destination()).isEqualTo(new InetSocketAddress("198.51.100.1", 443));
  }

  @ParameterizedTest
  @ValueSource(ints = {WHOLE, 1, 2, 7})
  void readsAV2Ipv6Header(int piece) throws Exception {
    byte[] addresses = new byte[36];
    addresses[0] = 0x20;
    addresses[1] = 0x01;
    addresses[15] = 1;
    addresses[31] = 2;
    addresses[32] = 0x1F;
    addresses[33] = (byte) 0x90;
    addresses[35] = 80;
    ProxyHeader found = found(v2(0x21, 0x21, addresses, new byte[0]), piece);
    assertThat(found.source()).isEqualTo(new InetSocketAddress("2001::1", 8080));
    assertThat(found.destination()).isEqualTo(new InetSocketAddress("::2", 80));
  }

  @ParameterizedTest
  @ValueSource(ints = {WHOLE, 1, 2, 7})
  void readsAV2UnixHeader(int piece) throws Exception {
    byte[] addresses = new byte[216];
    byte[] source = "/run/client.sock".getBytes(US_ASCII);
    byte[] destination = "/run/haproxy.sock".getBytes(US_ASCII);
    System.arraycopy(source, 0, addresses, 0, source.length);
    System.arraycopy(destination, 0, addresses, 108, destination.length);
    ProxyHeader found = found(v2(0x21, 0x31, addresses, new byte[0]), piece);
    assertThat(found.source()).isEqualTo(UnixDomainSocketAddress.of("/run/client.sock"));
    assertThat(found.destination()).isEqualTo(UnixDomainSocketAddress.of("/run/haproxy.sock"));
  }

  @ParameterizedTest
  @ValueSource(ints = {WHOLE, 1, 2, 7})
  void aV2LocalOrUnspecHeaderKeepsTheConnectionsAddressesAndSkipsItsBody(int piece)
      throws Exception {
    assertThat(found(v2(0x20, 0x11, new byte[12], new byte[0]), piece).local()).isTrue();
    assertThat(found(v2(0x20, 0x00, new byte[0], new byte[0]), piece).local()).isTrue();
    assertThat(found(v2(0x21, 0x00, new byte[7], new byte[0]), piece).local()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {WHOLE, 1, 2, 7})
  void readsTheTlsFlagVersionAuthorityAndAlpnAndSkipsOtherTlvs(int piece) throws Exception {
    ByteArrayOutputStream tlvs = new ByteArrayOutputStream();
    tlvs.writeBytes(tlv(0x04, new byte[5])); // NOOP padding
    tlvs.writeBytes(tlv(0x01, "h2".getBytes(US_ASCII)));
    tlvs.writeBytes(tlv(0x02, "example.com".getBytes(US_ASCII)));
    tlvs.writeBytes(tlv(0xEA, bytes(1, 2, 3))); // a vendor type
    ByteArrayOutputStream ssl = new ByteArrayOutputStream();
    ssl.writeBytes(bytes(0x01, 0, 0, 0, 0)); // PP2_CLIENT_SSL, verified
    ssl.writeBytes(tlv(0x21, "TLSv1.3".getBytes(US_ASCII)));
    ssl.writeBytes(tlv(0x23, "TLS_AES_128_GCM_SHA256".getBytes(US_ASCII)));
    tlvs.writeBytes(tlv(0x20, ssl.toByteArray()));
    ProxyHeader found = found(v2(0x21, 0x11, new byte[12], tlvs.toByteArray()), piece);
    assertThat(found.tls()).isTrue();
    assertThat(found.tlsVersion()).isEqualTo("TLSv1.3");
    assertThat(found.authority()).isEqualTo("example.com");
    assertThat(found.alpn()).isEqualTo("h2");
  }

  @ParameterizedTest
  @ValueSource(ints = {WHOLE, 1, 2, 7})
  void aV2HeaderWithAMatchingCrc32cIsRead(int piece) throws Exception {
    // The test's own CRC-32C gives the algorithm's check value: 0xE3069283 over "123456789".
    assertThat(crc32c("123456789".getBytes(US_ASCII))).isEqualTo(0xE3069283);
    byte[] addresses = bytes(192, 0, 2, 10, 198, 51, 100, 1, 0xDC, 0x04, 0x01, 0xBB);
    byte[] tlvs = concat(tlv(0x02, "example.com".getBytes(US_ASCII)), tlv(0x03, new byte[4]));
    byte[] header = withCrc32c(v2(0x21, 0x11, addresses, tlvs));
    ProxyHeader found = found(header, piece);
    assertThat(found.source()).isEqualTo(new InetSocketAddress("192.0.2.10", 56324));
    assertThat(found.authority()).isEqualTo("example.com");
  }

  @ParameterizedTest
  @ValueSource(ints = {WHOLE, 1, 2, 7})
  void refusesAV2HeaderWhoseCrc32cDoesNotMatch(int piece) {
    byte[] addresses = bytes(192, 0, 2, 10, 198, 51, 100, 1, 0xDC, 0x04, 0x01, 0xBB);
    byte[] header = withCrc32c(v2(0x21, 0x11, addresses, tlv(0x03, new byte[4])));
    byte[] changedAddress = header.clone();
    changedAddress[19] ^= 1; // the client's address, as a header spoofed or damaged on the way
    assertRefused(changedAddress, piece, "PP2_TYPE_CRC32C is 0x");
    byte[] changedChecksum = header.clone();
    changedChecksum[changedChecksum.length - 1] ^= 1;
    assertRefused(changedChecksum, piece, "but its bytes give 0x");
    byte[] inet = new byte[12];
    assertRefused(
        v2(0x21, 0x11, inet, tlv(0x03, new byte[2])), piece, "PP2_TYPE_CRC32C of 2 bytes");
    assertRefused(
        v2(0x21, 0x11, inet, concat(tlv(0x03, new byte[4]), tlv(0x03, new byte[4]))),
        piece,
        "more than one PP2_TYPE_CRC32C");
  }

  /** {@code header}, whose last TLV is a zeroed CRC32C, with that checksum filled in. */
  private static byte[] withCrc32c(byte[] header) {
    byte[] filled = header.clone();
    ByteBuffer.wrap(filled).putInt(filled.length - 4, crc32c(header));
    return filled;
  }

  /**
   * CRC-32C written out bit by bit from its definition (polynomial 0x82F63B78 reflected), so that
   * the test does not check the parser's library against itself.
   */
  private static int crc32c(byte[] data) {
    int crc = 0xFFFFFFFF;
    for (byte b : data) {
      crc ^= b & 0xFF;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F63B78 : crc >>> 1;
      }
    }
    return ~crc;
  }

  @ParameterizedTest
  @ValueSource(ints = {WHOLE, 1, 2, 7})
  void refusesMalformedV2Headers(int piece) {
    byte[] inet = new byte[12];
    assertRefused(v2(0x11, 0x11, inet, new byte[0]), piece, "v2 header has version 1");
    assertRefused(v2(0x22, 0x11, inet, new byte[0]), piece, "unknown command 2");
    assertRefused(v2(0x21, 0x12, inet, new byte[0]), piece, "transport 2 (expected: 1");
    assertRefused(v2(0x21, 0x41, inet, new byte[0]), piece, "unknown address family 4");
    assertRefused(v2(0x21, 0x11, new byte[8], new byte[0]), piece, "AF_INET block needs 12");
    assertRefused(v2(0x21, 0x21, inet, new byte[0]), piece, "AF_INET6 block needs 36");
    assertRefused(v2(0x21, 0x31, inet, new byte[0]), piece, "AF_UNIX block needs 216");
    assertRefused(v2(0x21, 0x11, inet, bytes(0x02, 0)), piece, "TLV block needs 3 bytes");
    assertRefused(
        v2(0x21, 0x11, inet, bytes(0x02, 0, 9, 'a')), piece, "TLV 0x02 of 9 bytes overruns");
    assertRefused(v2(0x21, 0x11, inet, tlv(0x20, bytes(1, 0))), piece, "PP2_TYPE_SSL block");
  }

  @ParameterizedTest
  @ValueSource(ints = {WHOLE, 1, 2, 7})
  void refusesAV2LengthBeyondTheLimitBeforeItsBodyArrives(int piece) {
    byte[] header = v2(0x21, 0x11, new byte[12], tlv(0x04, new byte[300]));
    byte[] fixedPart = Arrays.copyOf(header, 16);
    assertRefused(
        fixedPart, piece, "v2 header of " + header.length + " bytes exceeds the limit of 256");
  }

  @ParameterizedTest
  @ValueSource(ints = {WHOLE, 1, 2, 7})
  void refusesAConnectionWithoutAHeaderWhenOneIsRequired(int piece) {
    assertRefused(AFTER, piece, "no PROXY protocol header: the connection starts with 0x47");
    byte[] almostV2 = Arrays.copyOf(V2_SIGNATURE, 16);
    almostV2[11] = 0x0B;
    assertRefused(almostV2, piece, "starts with 0x0d0a0d0a000d0a51");
  }

  // ---------------------------------------------------------------- detection

  @ParameterizedTest
  @ValueSource(ints = {WHOLE, 1, 2, 7})
  void anOptionalHeaderIsAbsentAsSoonAsABytePartsFromBothSignatures(int piece) throws Exception {
    assertAbsentAfter(AFTER, 1, piece);
    assertAbsentAfter("\r\nGET / HTTP/1.1\r\n\r\n".getBytes(US_ASCII), 3, piece);
    assertAbsentAfter("PROXZ".getBytes(US_ASCII), 5, piece);
  }

  @ParameterizedTest
  @ValueSource(ints = {WHOLE, 1, 2, 7})
  void anOptionalHeaderThatIsPresentIsReadAsWhenRequired(int piece) throws Exception {
    ProxyHeaderParser optional = new ProxyHeaderParser(256, true);
    byte[] header = "PROXY TCP4 10.0.0.1 10.0.0.2 1 2\r\n".getBytes(US_ASCII);
    assertThat(feed(optional, header, piece).source())
        .isEqualTo(new InetSocketAddress("10.0.0.1", 1));
  }

  @Test
  void aLimitBelowTheLongestV1HeaderIsRefused() {
    assertThatThrownBy(() -> new ProxyHeaderParser(100, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxLength: 100 (expected: >= 107)");
  }

  // ---------------------------------------------------------------- helpers

  private static ProxyHeader found(String header, int piece) throws Exception {
    return found(header.getBytes(US_ASCII), piece);
  }

  private static ProxyHeader found(byte[] header, int piece) throws Exception {
    return feed(new ProxyHeaderParser(256, false), header, piece);
  }

  /**
   * Feeds {@code header} then {@link #AFTER} in pieces; the header must be found exactly when its
   * last byte arrived, with its own length.
   */
  private static ProxyHeader feed(ProxyHeaderParser parser, byte[] header, int piece)
      throws Exception {
    byte[] all = concat(header, AFTER);
    ByteBuffer received = ByteBuffer.allocate(all.length);
    for (int sent = 0; sent < all.length; ) {
      int n = Math.min(piece, all.length - sent);
      received.put(all, sent, n);
      sent += n;
      Result result = parser.parse(received.duplicate().flip());
      if (sent < header.length) {
        assertThat(result.status()).as("after %d bytes", sent).isEqualTo(Status.NEED_MORE);
      } else {
        assertThat(result.status()).as("after %d bytes", sent).isEqualTo(Status.FOUND);
        assertThat(result.length()).isEqualTo(header.length);
        return result.header();
      }
    }
    throw new AssertionError("not found");
  }

  /**
   * The optional parser says "no header" in the piece that brings byte {@code differing} (counted
   * from 1), the first that parts from both signatures, and not before.
   */
  private static void assertAbsentAfter(byte[] bytes, int differing, int piece) throws Exception {
    ProxyHeaderParser parser = new ProxyHeaderParser(256, true);
    ByteBuffer received = ByteBuffer.allocate(bytes.length);
    for (int sent = 0; sent < bytes.length; ) {
      int n = Math.min(piece, bytes.length - sent);
      received.put(bytes, sent, n);
      sent += n;
      Status status = parser.parse(received.duplicate().flip()).status();
      assertThat(status)
          .as("after %d bytes", sent)
          .isEqualTo(sent >= differing ? Status.ABSENT : Status.NEED_MORE);
      if (status == Status.ABSENT) {
        return;
      }
    }
    throw new AssertionError("never absent");
  }

  private static void assertRefused(String bytes, int piece, String message) {
    assertRefused(bytes.getBytes(US_ASCII), piece, message);
  }

  /** Feeding {@code bytes} in pieces fails with {@code message}, and nothing is found before. */
  private static void assertRefused(byte[] bytes, int piece, String message) {
    ProxyHeaderParser parser = new ProxyHeaderParser(256, false);
    ByteBuffer received = ByteBuffer.allocate(bytes.length);
    assertThatThrownBy(
            () -> {
              for (int sent = 0; sent < bytes.length; ) {
                int n = Math.min(piece, bytes.length - sent);
                received.put(bytes, sent, n);
                sent += n;
                Result result = parser.parse(received.duplicate().flip());
                assertThat(result.status()).isEqualTo(Status.NEED_MORE);
              }
            })
        .isInstanceOf(ProxyHeaderException.class)
        .hasMessageContaining(message);
  }

  private static byte[] v2(int versionCommand, int familyTransport, byte[] addresses, byte[] tlvs) {
    int length = addresses.length + tlvs.length;
    ByteBuffer header = ByteBuffer.allocate(16 + length);
    header.put(V2_SIGNATURE).put((byte) versionCommand).put((byte) familyTransport);
    header.putShort((short) length).put(addresses).put(tlvs);
    return header.array();
  }

  private static byte[] tlv(int type, byte[] value) {
    ByteBuffer tlv = ByteBuffer.allocate(3 + value.length);
    tlv.put((byte) type).putShort((short) value.length).put(value);
    return tlv.array();
  }

  private static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
