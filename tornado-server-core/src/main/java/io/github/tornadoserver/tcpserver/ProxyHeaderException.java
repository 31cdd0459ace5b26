package io.github.tornadoserver.tcpserver;

/**
 * A connection's first bytes are not a PROXY protocol header the server accepts: malformed,
 * oversized, from a peer not trusted to send one, or missing where one is required. The message
 * says which; the connection is closed without an answer.
 */
final class ProxyHeaderException extends Exception {
  private static final long serialVersionUID = 1L;

  ProxyHeaderException(String message) {
    super(message);
  }
}
