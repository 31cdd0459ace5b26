package io.github.tornadoserver.tcpserver;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.tornadoserver.iostream.ProxyHeader;
import io.github.tornadoserver.netutil.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * Reads a PROXY protocol header, version 1 or 2 (HAProxy's {@code proxy-protocol.txt}), from the
 * first bytes of a connection. Pure: it looks at what was received so far and says whether a header
 * is complete, absent, or still arriving; it never consumes bytes, so the caller keeps whatever
 * follows the header (an HTTP request, a TLS ClientHello).
 *
 * <p>Strict where the specification is: a v1 line is at most 107 bytes with single spaces, dotted
 * quads without leading zeros and ports from 0 to 65535; a v2 header has version 2, command {@code
 * LOCAL} or {@code PROXY}, a stream transport, an address block as long as its family needs and
 * TLVs that fit its length. TLVs the server has no use for are skipped. Anything else is a {@link
 * ProxyHeaderException} naming what was wrong.
 */
final class ProxyHeaderParser {
  /** The longest v1 header the specification allows, CRLF included. */
  static final int V1_MAX_LENGTH = 107;

  /** The fixed part of a v2 header: signature, version and command, family, length. */
  static final int V2_FIXED_LENGTH = 16;

  private static final byte[] V1_SIGNATURE = "PROXY ".getBytes(US_ASCII);
  private static final byte[] V2_SIGNATURE = {
    0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
  };

  /** What the bytes received so far hold. */
  enum Status {
    /** Not enough bytes yet to tell, or the header is not complete. */
    NEED_MORE,
    /** A whole header: {@link Result#length()} bytes of it. */
    FOUND,
    /** The connection does not start with a header (only when headers are optional). */
    ABSENT
  }

  /** The outcome of {@link #parse}. */
  record Result(Status status, ProxyHeader header, int length) {
    static final Result NEED_MORE = new Result(Status.NEED_MORE, null, 0);
    static final Result ABSENT = new Result(Status.ABSENT, null, 0);
  }

  private final int maxLength;
  private final boolean optional;

  /**
   * @param maxLength the longest header accepted, in bytes (at least {@value #V1_MAX_LENGTH})
   * @param optional whether a connection without a header is served as it is (detection) rather
   *     than refused
   */
  ProxyHeaderParser(int maxLength, boolean optional) {
    if (maxLength < V1_MAX_LENGTH) {
      throw new IllegalArgumentException(
          "maxLength: " + maxLength + " (expected: >= " + V1_MAX_LENGTH + ")");
    }
    this.maxLength = maxLength;
    this.optional = optional;
  }

  /** The longest header accepted, in bytes. */
  int maxLength() {
    return maxLength;
  }

  /**
   * Looks at the bytes from {@code received}'s position to its limit, leaving both as they are.
   *
   * @throws ProxyHeaderException when the bytes cannot start a valid header (or, when headers are
   *     required, when they do not start one)
   */
  Result parse(ByteBuffer received) throws ProxyHeaderException {
    ByteBuffer in = received.slice();
    if (startsLike(in, V2_SIGNATURE)) {
      return in.remaining() < V2_FIXED_LENGTH ? Result.NEED_MORE : parseV2(in);
    }
    if (startsLike(in, V1_SIGNATURE)) {
      return in.remaining() < V1_SIGNATURE.length ? Result.NEED_MORE : parseV1(in);
    }
    if (optional) {
      return Result.ABSENT;
    }
    throw new ProxyHeaderException(
        "no PROXY protocol header: the connection starts with 0x" + hexPrefix(in));
  }

  /** Whether every byte received so far matches the start of {@code signature}. */
  private static boolean startsLike(ByteBuffer in, byte[] signature) {
    int n = Math.min(in.remaining(), signature.length);
    for (int i = 0; i < n; i++) {
      if (in.get(i) != signature[i]) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- version 1

  private static Result parseV1(ByteBuffer in) throws ProxyHeaderException {
    // The CR may stand at most at index 105, so that CRLF ends within 107 bytes.
    int end = Math.min(in.remaining(), V1_MAX_LENGTH - 1);
    for (int i = V1_SIGNATURE.length; i < end; i++) {
      byte b = in.get(i);
      if (b == '\r') {
        return i + 1 < in.remaining() ? finishV1(in, i) : Result.NEED_MORE;
      }
      if (b < 0x20 || b > 0x7E) {
        throw new ProxyHeaderException("v1 header has a control or non-ASCII byte at " + i);
      }
    }
    if (in.remaining() >= V1_MAX_LENGTH - 1) {
      throw new ProxyHeaderException(
          "v1 header has no CRLF within " + V1_MAX_LENGTH + " bytes (the specification's limit)");
    }
    return Result.NEED_MORE;
  }

  private static Result finishV1(ByteBuffer in, int cr) throws ProxyHeaderException {
    if (in.get(cr + 1) != '\n') {
      throw new ProxyHeaderException("v1 header has a CR not followed by LF");
    }
    byte[] line = new byte[cr];
    in.get(0, line);
    String[] fields = new String(line, US_ASCII).split(" ", -1);
    return new Result(Status.FOUND, v1Header(fields), cr + 2);
  }

  private static ProxyHeader v1Header(String[] fields) throws ProxyHeaderException {
    String protocol = fields[1];
    if (protocol.equals("UNKNOWN")) {
      // The specification: the receiver ignores whatever follows UNKNOWN and uses the real
      // connection's addresses.
      return ProxyHeader.local(1);
    }
    if (!protocol.equals("TCP4") && !protocol.equals("TCP6")) {
      throw new ProxyHeaderException("v1 header has unknown protocol \"" + protocol + "\"");
    }
    if (fields.length != 6) {
      throw new ProxyHeaderException(
          "v1 " + protocol + " header has " + (fields.length - 2) + " fields (expected: 4)");
    }
    boolean v6 = protocol.equals("TCP6");
    InetAddress source = v1Address(fields[2], v6);
    InetAddress destination = v1Address(fields[3], v6);
    return ProxyHeader.of(
        1,
        new InetSocketAddress(source, v1Port(fields[4])),
        new InetSocketAddress(destination, v1Port(fields[5])));
  }

  private static InetAddress v1Address(String text, boolean v6) throws ProxyHeaderException {
    if (!NetUtil.isValidIp(text) || (text.indexOf(':') >= 0) != v6) {
      throw new ProxyHeaderException(
          "v1 header has \"" + text + "\" (expected: an " + (v6 ? "IPv6" : "IPv4") + " address)");
    }
    try {
      return InetAddress.getByName(text); // a literal: parsed, never looked up
    } catch (UnknownHostException e) {
      throw new ProxyHeaderException("v1 header has unparsable address \"" + text + "\"");
    }
  }

  private static int v1Port(String text) throws ProxyHeaderException {
    boolean digits =
        !text.isEmpty() && text.length() <= 5 && text.chars().allMatch(ProxyHeaderParser::isDigit);
    boolean leadingZero = text.length() > 1 && text.charAt(0) == '0';
    int port = digits && !leadingZero ? Integer.parseInt(text) : -1;
    if (port < 0 || port > 65535) {
      throw new ProxyHeaderException(
          "v1 header has port \"" + text + "\" (expected: 0 to 65535 without leading zeros)");
    }
    return port;
  }

  // ---------------------------------------------------------------- version 2

  private Result parseV2(ByteBuffer in) throws ProxyHeaderException {
    int versionCommand = in.get(12) & 0xFF;
    if (versionCommand >> 4 != 2) {
      throw new ProxyHeaderException("v2 header has version " + (versionCommand >> 4));
    }
    int command = versionCommand & 0x0F;
    if (command > 1) {
      throw new ProxyHeaderException("v2 header has unknown command " + command);
    }
    int length = V2_FIXED_LENGTH + (in.getShort(14) & 0xFFFF);
    if (length > maxLength) {
      throw new ProxyHeaderException(
          "v2 header of " + length + " bytes exceeds the limit of " + maxLength);
    }
    if (in.remaining() < length) {
      return Result.NEED_MORE;
    }
    ProxyHeader header =
        command == 0 ? ProxyHeader.local(2) : v2Proxy(in.slice(0, length), in.get(13) & 0xFF);
    return new Result(Status.FOUND, header, length);
  }

  /** A {@code PROXY} command: the addresses of its family, then the TLVs. */
  private static ProxyHeader v2Proxy(ByteBuffer header, int familyTransport)
      throws ProxyHeaderException {
    int family = familyTransport >> 4;
    int transport = familyTransport & 0x0F;
    if (family == 0) {
      // AF_UNSPEC: the specification lets the receiver use the connection's own addresses.
      return ProxyHeader.local(2);
    }
    if (transport != 1) {
      throw new ProxyHeaderException(
          "v2 header has transport " + transport + " (expected: 1, a stream)");
    }
    header.position(V2_FIXED_LENGTH);
    SocketAddress[] addresses = v2Addresses(header, family);
    return Tlvs.read(header, addresses[0], addresses[1]);
  }

  private static SocketAddress[] v2Addresses(ByteBuffer header, int family)
      throws ProxyHeaderException {
    switch (family) {
      case 1:
        return inetAddresses(header, 4);
      case 2:
        return inetAddresses(header, 16);
      case 3:
        return unixAddresses(header);
      default:
        throw new ProxyHeaderException("v2 header has unknown address family " + family);
    }
  }

  private static SocketAddress[] inetAddresses(ByteBuffer header, int size)
      throws ProxyHeaderException {
    need(header, 2 * size + 4, size == 4 ? "AF_INET" : "AF_INET6");
    InetAddress source = inetAddress(header, size);
    InetAddress destination = inetAddress(header, size);
    int sourcePort = header.getShort() & 0xFFFF;
    int destinationPort = header.getShort() & 0xFFFF;
    return new SocketAddress[] {
      new InetSocketAddress(source, sourcePort), new InetSocketAddress(destination, destinationPort)
    };
  }

  private static InetAddress inetAddress(ByteBuffer header, int size) {
    byte[] raw = new byte[size];
    header.get(raw);
    try {
      return InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes always make an address", e);
    }
  }

  /** Two {@code sun_path} fields of 108 bytes, each NUL-terminated unless full. */
  private static SocketAddress[] unixAddresses(ByteBuffer header) throws ProxyHeaderException {
    need(header, 216, "AF_UNIX");
    return new SocketAddress[] {unixAddress(header), unixAddress(header)};
  }

  private static SocketAddress unixAddress(ByteBuffer header) {
    byte[] raw = new byte[108];
    header.get(raw);
    int length = 0;
    while (length < raw.length && raw[length] != 0) {
      length++;
    }
    return UnixDomainSocketAddress.of(new String(raw, 0, length, UTF_8));
  }

  static void need(ByteBuffer header, int bytes, String what) throws ProxyHeaderException {
    if (header.remaining() < bytes) {
      throw new ProxyHeaderException(
          "v2 "
              + what
              + " block needs "
              + bytes
              + " bytes but the header has "
              + header.remaining());
    }
  }

  private static String hexPrefix(ByteBuffer in) {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(in.remaining(), 8); i++) {
      hex.append(String.format("%02x", in.get(i) & 0xFF));
    }
    return hex.toString();
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }
}
