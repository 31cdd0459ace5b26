package io.github.tornadoserver.tls;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * Runs a real TLS handshake between two engines in memory: each side's wrap output is the other
 * side's unwrap input, no sockets. Bounded: a stalled or endless exchange fails the test.
 */
final class InMemoryHandshake {
  private static final int MAX_STEPS = 500;
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final SSLEngine client;
  private final SSLEngine server;
  private final ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
  private final ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
  private final ByteBuffer clientReceived = ByteBuffer.allocate(1 << 17);
  private final ByteBuffer serverReceived = ByteBuffer.allocate(1 << 17);

  private InMemoryHandshake(SSLEngine client, SSLEngine server) {
    this.client = client;
    this.server = server;
  }

  /** The two ends of a connection that completed its handshake. */
  record Connection(SSLEngine client, SSLEngine server) {}

  /**
   * Makes a server engine from {@code server} and a client engine from {@code client} for {@code
   * serverHostname}, and {@linkplain #connect(SSLEngine, SSLEngine) connects} them.
   */
  static Connection connect(SSLOptions server, SSLOptions client, String serverHostname)
      throws SSLException {
    SSLEngine serverEngine = server.createEngine(true, null, null);
    SSLEngine clientEngine = client.createEngine(false, serverHostname, null);
    connect(clientEngine, serverEngine);
    return new Connection(clientEngine, serverEngine);
  }

  /**
   * Handshakes, then sends "ping" from the client to the server and "pong" back, checking both
   * arrive.
   *
   * @throws SSLException the first failure of either side, such as a certificate refused
   */
  static void connect(SSLEngine client, SSLEngine server) throws SSLException {
    InMemoryHandshake pair = new InMemoryHandshake(client, server);
    pair.handshake();
    pair.send(client, "ping", pair.toServer);
    pair.expect(pair.serverReceived, "ping");
    pair.send(server, "pong", pair.toClient);
    pair.expect(pair.clientReceived, "pong");
  }

  private void handshake() throws SSLException {
    client.beginHandshake();
    server.beginHandshake();
    for (int i = 0; i < MAX_STEPS; i++) {
      boolean progress = step(client, toServer, toClient, clientReceived);
      progress |= step(server, toClient, toServer, serverReceived);
      if (idle(client) && idle(server) && toServer.position() == 0 && toClient.position() == 0) {
        return;
      }
      if (!progress) {
        throw new AssertionError(
            "handshake stalled: client "
                + client.getHandshakeStatus()
                + ", server "
                + server.getHandshakeStatus());
      }
    }
    throw new AssertionError("handshake did not finish in " + MAX_STEPS + " steps");
  }

  private static boolean idle(SSLEngine engine) {
    HandshakeStatus status = engine.getHandshakeStatus();
    return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
  }

  /** One move of one engine; whether it did anything. */
  private static boolean step(SSLEngine engine, ByteBuffer out, ByteBuffer in, ByteBuffer received)
      throws SSLException {
    HandshakeStatus status = engine.getHandshakeStatus();
    if (status == HandshakeStatus.NEED_TASK) {
      for (Runnable task = engine.getDelegatedTask();
          task != null;
          task = engine.getDelegatedTask()) {
        task.run();
      }
      return true;
    }
    if (status == HandshakeStatus.NEED_WRAP) {
      SSLEngineResult result = engine.wrap(EMPTY, out);
      return result.bytesProduced() > 0 || result.getHandshakeStatus() != status;
    }
    if (in.position() == 0) {
      return false;
    }
    in.flip();
    try {
      SSLEngineResult result = engine.unwrap(in, received);
      return result.bytesConsumed() > 0 || result.getHandshakeStatus() != status;
    } finally {
      in.compact();
    }
  }

  private void send(SSLEngine from, String message, ByteBuffer out) throws SSLException {
    SSLEngineResult result = from.wrap(ByteBuffer.wrap(message.getBytes(UTF_8)), out);
    if (result.getStatus() != SSLEngineResult.Status.OK) {
      throw new AssertionError("cannot send " + message + ": " + result);
    }
  }

  private void expect(ByteBuffer received, String message) throws SSLException {
    for (int i = 0; i < MAX_STEPS && received.position() < message.length(); i++) {
      boolean progress = step(client, toServer, toClient, clientReceived);
      progress |= step(server, toClient, toServer, serverReceived);
      if (!progress) {
        break;
      }
    }
    received.flip();
    byte[] bytes = new byte[received.remaining()];
    received.get(bytes);
    received.clear();
    String got = new String(bytes, UTF_8);
    if (!got.equals(message)) {
      throw new AssertionError("expected to receive " + message + ", got \"" + got + "\"");
    }
  }
}
