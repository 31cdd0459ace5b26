package io.github.tornadoserver.tcpserver;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.ioloop.Timeout;
import io.github.tornadoserver.iostream.ProxyHeader;
import io.github.tornadoserver.tcpserver.ProxyHeaderParser.Result;
import io.github.tornadoserver.tcpserver.ProxyHeaderParser.Status;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the PROXY protocol header of a freshly accepted connection straight from its socket, before
 * any stream exists, so that whatever follows the header (an HTTP request, a TLS ClientHello) can
 * be handed to the stream untouched. Reads at most the parser's limit, under a deadline.
 *
 * <p>The future completes on the loop thread: with the header (null when an optional one is absent)
 * and the bytes received after it; or with {@link ProxyHeaderException} for a bad or late header;
 * or with {@link ClosedChannelException} when the peer closed or reset first (load balancers'
 * health checks do that: not an error). The channel is never closed here.
 */
final class ProxyHeaderReader implements IOLoop.Handler {
  /** The header, or null when none was sent, and the bytes received after it (flipped). */
  record Outcome(ProxyHeader header, ByteBuffer rest) {}

  private final IOLoop loop;
  private final SocketChannel channel;
  private final ProxyHeaderParser parser;
  private final ByteBuffer received;
  private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
  private Timeout deadline;

  private ProxyHeaderReader(IOLoop loop, SocketChannel channel, ProxyHeaderParser parser) {
    this.loop = loop;
    this.channel = channel;
    this.parser = parser;
    this.received = ByteBuffer.allocate(parser.maxLength());
  }

  /** Starts reading on the current loop's thread. */
  static CompletableFuture<Outcome> read(
      IOLoop loop, SocketChannel channel, ProxyHeaderParser parser, Duration timeout) {
    loop.checkThread();
    ProxyHeaderReader reader = new ProxyHeaderReader(loop, channel, parser);
    reader.deadline = loop.callLater(timeout, () -> reader.timedOut(timeout));
    loop.addHandler(channel, reader, IOLoop.READ);
    return reader.outcome;
  }

  @Override
  public void handleEvents(SelectableChannel ignored, int events) {
    try {
      int n = channel.read(received);
      if (n < 0) {
        finish(null, new ClosedChannelException());
        return;
      }
      Result result = parser.parse(received.duplicate().flip());
      if (result.status() != Status.NEED_MORE) {
        finish(outcomeOf(result), null);
      }
    } catch (ProxyHeaderException e) {
      finish(null, e);
    } catch (IOException e) {
      ClosedChannelException closed = new ClosedChannelException();
      closed.initCause(e);
      finish(null, closed);
    }
  }

  private Outcome outcomeOf(Result result) {
    ByteBuffer rest = received.flip().position(result.length()).slice();
    return new Outcome(result.header(), rest);
  }

  private void timedOut(Duration timeout) {
    deadline = null;
    finish(
        null,
        new ProxyHeaderException(
            "no complete PROXY protocol header within "
                + timeout.toMillis()
                + " ms ("
                + received.position()
                + " bytes received)"));
  }

  private void finish(Outcome value, Throwable error) {
    if (outcome.isDone()) {
      return;
    }
    loop.removeHandler(channel);
    if (deadline != null) {
      loop.removeTimeout(deadline);
      deadline = null;
    }
    if (error != null) {
      outcome.completeExceptionally(error);
    } else {
      outcome.complete(value);
    }
  }
}
