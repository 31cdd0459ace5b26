package io.github.tornadoserver.tcpclient;

import io.github.tornadoserver.iostream.SSLIOStream;
import io.github.tornadoserver.iostream.StreamOptions;
import io.github.tornadoserver.netutil.NetUtil;
import io.github.tornadoserver.tls.SSLOptions;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.time.Duration;

/**
 * The optional arguments of {@link TCPClient#connect(String, int, ConnectOptions)}: Tornado's
 * {@code af}, {@code ssl_options}, {@code max_buffer_size}, {@code source_ip}, {@code source_port}
 * and {@code timeout}. Build with {@link #builder()}; {@link #defaults()} has none of them.
 *
 * @param family {@link StandardProtocolFamily#INET} or {@link StandardProtocolFamily#INET6} to
 *     connect over that family only; null for either
 * @param sslOptions TLS for the connection (the stream is then an {@link SSLIOStream}); null for
 *     plain TCP
 * @param maxBufferSize the stream's read buffer limit, at least 2; 0 for the default ({@link
 *     StreamOptions#DEFAULT_MAX_BUFFER_SIZE})
 * @param sourceIp the local IP literal to connect from; null to let the system choose. Only
 *     addresses of its family are tried
 * @param sourcePort the local port to connect from, 1..65535; 0 to let the system choose
 * @param timeout the bound on resolving, connecting and the TLS handshake together; null for none
 */
public record ConnectOptions(
    ProtocolFamily family,
    SSLOptions sslOptions,
    int maxBufferSize,
    String sourceIp,
    int sourcePort,
    Duration timeout) {
  private static final ConnectOptions DEFAULTS = new ConnectOptions(null, null, 0, null, 0, null);

  /**
   * @throws IllegalArgumentException when a value is out of range (the message quotes it), or
   *     {@code sourceIp} is not of {@code family}
   */
  public ConnectOptions {
    if (family != null
        && family != StandardProtocolFamily.INET
        && family != StandardProtocolFamily.INET6) {
      throw new IllegalArgumentException(
          "family: " + family + " (expected: INET, INET6 or null for either)");
    }
    if (maxBufferSize != 0 && maxBufferSize < 2) {
      throw new IllegalArgumentException(
          "maxBufferSize: " + maxBufferSize + " (expected: >= 2, or 0 for the default)");
    }
    if (sourceIp != null && !NetUtil.isValidIp(sourceIp)) {
      throw new IllegalArgumentException(
          "sourceIp: \"" + sourceIp + "\" (expected: an IP literal)");
    }
    if (sourceIp != null && family != null && family != familyOf(sourceIp)) {
      throw new IllegalArgumentException(
          "sourceIp: \"" + sourceIp + "\" (expected: an address of family " + family + ")");
    }
    if (sourcePort < 0 || sourcePort > 65535) {
      throw new IllegalArgumentException(
          "sourcePort: " + sourcePort + " (expected: 1..65535, or 0 for any)");
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException(
          "timeout: " + timeout + " (expected: > 0, or null for none)");
    }
  }

  /** No family restriction, plain TCP, default buffer, system-chosen source, no timeout. */
  public static ConnectOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The family that {@code sourceIp}, or else {@code family}, limits the connection to. */
  ProtocolFamily effectiveFamily() {
    return sourceIp != null ? familyOf(sourceIp) : family;
  }

  /** The stream limits for {@link #maxBufferSize()}. */
  StreamOptions streamOptions() {
    return maxBufferSize == 0
        ? StreamOptions.defaults()
        : StreamOptions.defaults().withMaxBufferSize(maxBufferSize);
  }

  private static ProtocolFamily familyOf(String ip) {
    return ip.indexOf(':') >= 0 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
  }

  /** Builds {@link ConnectOptions}; every setting starts at its {@link #defaults()} value. */
  public static final class Builder {
    private ProtocolFamily family;
    private SSLOptions sslOptions;
    private int maxBufferSize;
    private String sourceIp;
    private int sourcePort;
    private Duration timeout;

    private Builder() {}

    /** Connect over {@code INET} or {@code INET6} only; null for either. */
    public Builder family(ProtocolFamily family) {
      this.family = family;
      return this;
    }

    /** TLS with these options; null for plain TCP. */
    public Builder sslOptions(SSLOptions sslOptions) {
      this.sslOptions = sslOptions;
      return this;
    }

    /** The stream's read buffer limit; 0 for the default. */
    public Builder maxBufferSize(int maxBufferSize) {
      this.maxBufferSize = maxBufferSize;
      return this;
    }

    /** The local IP literal to connect from; null for the system's choice. */
    public Builder sourceIp(String sourceIp) {
      this.sourceIp = sourceIp;
      return this;
    }

    /** The local port to connect from; 0 for the system's choice. */
    public Builder sourcePort(int sourcePort) {
      this.sourcePort = sourcePort;
      return this;
    }

    /** The bound on resolve, connect and TLS handshake together; null for none. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * @throws IllegalArgumentException as the {@link ConnectOptions} constructor
     */
    public ConnectOptions build() {
      return new ConnectOptions(family, sslOptions, maxBufferSize, sourceIp, sourcePort, timeout);
    }
  }
}
