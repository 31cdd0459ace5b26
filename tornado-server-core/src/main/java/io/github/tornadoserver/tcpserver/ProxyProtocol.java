package io.github.tornadoserver.tcpserver;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether a server reads a PROXY protocol header (HAProxy's {@code proxy-protocol.txt}, versions 1
 * and 2) before anything else on each connection, and from whom it believes one. With a header, the
 * client it names becomes the connection's remote address: the {@code address} a {@link
 * TCPServer.StreamHandler} gets, {@code IOStream.remoteAddress()}, and so an HTTP request's {@code
 * remoteIp}. The header comes before a TLS ClientHello, so this works on TLS ports too, and on Unix
 * sockets (trust them with {@code unix}).
 *
 * <p>A connection whose header is malformed, longer than {@link #maxHeaderLength}, late (past
 * {@link #timeout}), missing where required, or sent by a peer that is not trusted is closed
 * without an answer, counted as rejected with reason {@code proxy_protocol} and logged once at
 * INFO. A peer that closes before its header (a load balancer's TCP health check) is only logged at
 * DEBUG.
 *
 * @param mode off, required, or optional (detected by its signature)
 * @param trustedPeers the proxies allowed to send a header; a required header from anyone else is
 *     refused unread
 * @param maxHeaderLength the longest header accepted, in bytes (107, the longest v1 line, to
 *     65,551, the longest v2 header)
 * @param timeout how long the header may take to arrive
 */
public record ProxyProtocol(
    Mode mode, TrustedPeers trustedPeers, int maxHeaderLength, Duration timeout) {
  /** The longest header accepted by default: room for every TLV a load balancer sends. */
  public static final int DEFAULT_MAX_HEADER_LENGTH = 4096;

  /** How long a header may take by default: a proxy sends it as soon as it connects. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final int LONGEST_V2 = 16 + 65535;
  private static final ProxyProtocol OFF =
      new ProxyProtocol(Mode.OFF, TrustedPeers.none(), DEFAULT_MAX_HEADER_LENGTH, DEFAULT_TIMEOUT);

  /** Whether and how a header is read. */
  public enum Mode {
    /** No header is read: the first bytes belong to the protocol served. */
    OFF,
    /** Every connection starts with a header, from a trusted peer. */
    REQUIRED,
    /**
     * A connection may start with a header (from a trusted peer) or without one: it is told apart
     * by its first bytes, which no HTTP request or TLS ClientHello shares with either signature.
     */
    OPTIONAL
  }

  /**
   * @throws IllegalArgumentException for a header read with nobody trusted, a length out of range
   *     or a timeout that is not positive
   */
  public ProxyProtocol {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(trustedPeers, "trustedPeers");
    Objects.requireNonNull(timeout, "timeout");
    if (mode != Mode.OFF && trustedPeers.isEmpty()) {
      throw new IllegalArgumentException(
          "proxy protocol "
              + mode
              + " with no trusted peers (expected: the proxies' addresses or networks, or unix)");
    }
    if (maxHeaderLength < ProxyHeaderParser.V1_MAX_LENGTH || maxHeaderLength > LONGEST_V2) {
      throw new IllegalArgumentException(
          "maxHeaderLength: "
              + maxHeaderLength
              + " (expected: "
              + ProxyHeaderParser.V1_MAX_LENGTH
              + " to "
              + LONGEST_V2
              + ")");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
    }
  }

  /** No header: the default. */
  public static ProxyProtocol off() {
    return OFF;
  }

  /** A header on every connection, from one of {@code trustedPeers}. */
  public static ProxyProtocol required(TrustedPeers trustedPeers) {
    return new ProxyProtocol(
        Mode.REQUIRED, trustedPeers, DEFAULT_MAX_HEADER_LENGTH, DEFAULT_TIMEOUT);
  }

  /** A header where a connection starts with one; believed only from {@code trustedPeers}. */
  public static ProxyProtocol optional(TrustedPeers trustedPeers) {
    return new ProxyProtocol(
        Mode.OPTIONAL, trustedPeers, DEFAULT_MAX_HEADER_LENGTH, DEFAULT_TIMEOUT);
  }

  /** The same with another length limit. */
  public ProxyProtocol withMaxHeaderLength(int value) {
    return new ProxyProtocol(mode, trustedPeers, value, timeout);
  }

  /** The same with another deadline for the header. */
  public ProxyProtocol withTimeout(Duration value) {
    return new ProxyProtocol(mode, trustedPeers, maxHeaderLength, value);
  }

  /** Whether a header is read at all. */
  public boolean enabled() {
    return mode != Mode.OFF;
  }

  ProxyHeaderParser parser() {
    return new ProxyHeaderParser(maxHeaderLength, mode == Mode.OPTIONAL);
  }
}
