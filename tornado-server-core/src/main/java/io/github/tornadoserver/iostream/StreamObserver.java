package io.github.tornadoserver.iostream;

/**
 * Watches one stream's life for instrumentation (metrics, tracing) without taking the close
 * callback from the stream's owner; see {@link IOStream#setObserver}.
 *
 * <p>Threading: every method is called synchronously on the stream's loop thread; it must return
 * quickly and must not throw. An observer shared by streams of several loops must be thread-safe.
 */
public interface StreamObserver {
  /**
   * The TLS handshake of an {@link SSLIOStream} ended: {@code success}, or not because the stream
   * closed before it completed (a failed negotiation, a plain-text client, a peer that left).
   * Called at most once per handshake, before {@link #closed} when both happen.
   */
  default void handshakeFinished(IOStream stream, boolean success) {}

  /**
   * The stream closed (any cause) or was {@link IOStream#detach() detached}; called once, after its
   * pending futures have completed and before its close callback runs. A stream turned into an
   * {@link SSLIOStream} by {@link IOStream#startTls} is not closed: the new stream takes over the
   * observer and the byte counts.
   */
  default void closed(IOStream stream) {}
}
