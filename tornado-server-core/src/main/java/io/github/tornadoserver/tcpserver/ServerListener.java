package io.github.tornadoserver.tcpserver;

/**
 * Told what happens to a server's connections, for metrics: set with {@link
 * TCPServer.Builder#listener} (or the HTTP server's builder). Every method has a no-op default, so
 * an implementation overrides only what it counts; {@link #NONE} counts nothing and costs nothing.
 *
 * <p>Order per connection: {@link #connectionAccepted}, then for a TLS server {@link
 * #tlsHandshakeFinished}, then {@link #connectionClosed}. A connection the server refuses (an HTTP
 * server at its {@code maxConnections}) is accepted, reported by {@link #connectionRejected}, and
 * closed at once.
 *
 * <p>Threading: each call runs on the loop thread that owns the connection, so a server started on
 * several loops calls one listener from several threads at once: it must be thread-safe, fast, and
 * must not throw. No method receives the peer's address: metrics must not be tagged with it.
 */
public interface ServerListener {
  /** The listener that counts nothing. */
  ServerListener NONE = new ServerListener() {};

  /** A connection was accepted and is about to be handed to the server's handler. */
  default void connectionAccepted() {}

  /**
   * A connection ended: closed by either side, or detached from the server (a protocol upgrade).
   *
   * @param durationNanos the time since it was accepted
   * @param bytesReceived bytes read from its socket (for TLS: records, handshake included)
   * @param bytesSent bytes written to its socket, counted the same way
   */
  default void connectionClosed(long durationNanos, long bytesReceived, long bytesSent) {}

  /**
   * The server refused an accepted connection and closes it.
   *
   * @param reason a short metric-friendly word, such as {@code max_connections}
   */
  default void connectionRejected(String reason) {}

  /**
   * The TLS handshake of a connection ended, {@code success} or not (failed negotiation, plain-text
   * client, peer gone before it completed).
   */
  default void tlsHandshakeFinished(boolean success) {}
}
