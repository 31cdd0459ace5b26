package io.github.tornadoserver.httputil;

/**
 * Makes a {@link HTTPMessageDelegate} for each request read on a connection, Tornado's {@code
 * HTTPServerConnectionDelegate}. Called on the connection's loop thread.
 */
public interface HTTPServerConnectionDelegate {
  /**
   * A new request begins on {@code serverConnection} (an opaque handle, the same object for every
   * request of one connection); answer through {@code requestConnection}.
   */
  HTTPMessageDelegate startRequest(Object serverConnection, HTTPConnection requestConnection);

  /** The connection {@code serverConnection} closed. */
  default void onClose(Object serverConnection) {}
}
