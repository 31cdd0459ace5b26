package io.github.tornadoserver.tcpserver;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.iostream.ProxyHeader;
import io.github.tornadoserver.tcpserver.ProxyHeaderReader.Outcome;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first step of a connection to a server with the PROXY protocol on: the trust check, then the
 * header, then the connection is served with the bytes that followed the header. A refused
 * connection is closed, counted with reason {@value #REJECTION} and logged once at INFO.
 */
final class ProxiedAccept {
  /** The rejection reason of a connection refused for its PROXY header (or the lack of one). */
  static final String REJECTION = "proxy_protocol";

  private static final Logger GEN_LOG = LoggerFactory.getLogger("tornado.general");

  /** Serves a connection once its header was read. */
  @FunctionalInterface
  interface Serve {
    void serve(
        SocketChannel connection, SocketAddress peer, ByteBuffer received, ProxyHeader header);
  }

  private ProxiedAccept() {}

  /** Starts on the accepting loop's thread; {@code serve} runs there once the header is read. */
  static void start(
      ProxyProtocol protocol,
      SocketChannel connection,
      SocketAddress peer,
      ServerListener listener,
      Serve serve) {
    boolean trusted = protocol.trustedPeers().trusts(peer);
    if (!trusted && protocol.mode() == ProxyProtocol.Mode.REQUIRED) {
      refuse(connection, peer, listener, "the peer is not a trusted proxy");
      return;
    }
    ProxyHeaderReader.read(IOLoop.current(), connection, protocol.parser(), protocol.timeout())
        .whenComplete(
            (outcome, error) -> {
              if (error != null) {
                failed(connection, peer, listener, error);
              } else if (outcome.header() != null && !trusted) {
                refuse(connection, peer, listener, "a PROXY header from an untrusted peer");
              } else {
                serveRead(connection, peer, outcome, serve);
              }
            });
  }

  private static void serveRead(
      SocketChannel connection, SocketAddress peer, Outcome outcome, Serve serve) {
    serve.serve(connection, peer, outcome.rest(), outcome.header());
  }

  private static void failed(
      SocketChannel connection, SocketAddress peer, ServerListener listener, Throwable error) {
    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
    if (cause instanceof ClosedChannelException) {
      GEN_LOG.debug("{} closed before its PROXY protocol header", peer);
      closeQuietly(connection);
    } else {
      refuse(connection, peer, listener, cause.getMessage());
    }
  }

  private static void refuse(
      SocketChannel connection, SocketAddress peer, ServerListener listener, String why) {
    listener.connectionRejected(REJECTION);
    GEN_LOG.info("Refused connection from {}: {}", peer, why);
    closeQuietly(connection);
  }

  private static void closeQuietly(SocketChannel connection) {
    try {
      connection.close();
    } catch (IOException e) {
      GEN_LOG.debug("error closing {}: {}", connection, e.toString());
    }
  }
}
