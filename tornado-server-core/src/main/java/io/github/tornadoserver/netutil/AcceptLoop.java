package io.github.tornadoserver.netutil;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.ioloop.Timeout;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accept loop behind {@link NetUtil#addAcceptHandler}: a READ handler on the loop that accepts
 * up to a bound of connections per readiness, skips per-connection failures and pauses on the
 * others. Registration is on the loop's thread; the remover is safe from any thread.
 */
final class AcceptLoop {
  private static final Logger GEN_LOG = LoggerFactory.getLogger("tornado.general");
  private static final Logger APP_LOG = LoggerFactory.getLogger("tornado.application");

  private AcceptLoop() {}

  /** Stands in for {@link ServerSocketChannel#accept()} in tests that need it to fail. */
  @FunctionalInterface
  interface Acceptor {
    SocketChannel accept() throws IOException;
  }

  /** See {@link NetUtil#addAcceptHandler}; {@code acceptor} stands in for the channel's accept. */
  static Runnable addAcceptHandler(
      ServerSocketChannel channel, NetUtil.AcceptCallback callback, Acceptor acceptor) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(callback, "callback");
    SocketAddress local;
    try {
      local = channel.getLocalAddress();
    } catch (IOException e) {
      throw new IllegalArgumentException("channel " + channel + " is closed", e);
    }
    if (local == null) {
      throw new IllegalArgumentException("channel " + channel + " is not bound");
    }
    IOLoop loop = IOLoop.current();
    AcceptHandler handler = new AcceptHandler(loop, channel, local, callback, acceptor);
    loop.addHandler(channel, handler, IOLoop.READ);
    return handler::remove;
  }

  /** Tornado's bound on connections accepted per readiness (its {@code _DEFAULT_BACKLOG}). */
  static final int MAX_ACCEPTS_PER_WAKEUP = 128;

  /** How long accepting pauses after a failure that would recur at once, such as EMFILE. */
  static final long ACCEPT_PAUSE_MILLIS = 100;

  /**
   * Messages of accept(2) errors that belong to the one pending connection, not to the listening
   * socket: ECONNABORTED (which the JDK already retries on Linux, but not everywhere), ECONNRESET,
   * and the errors Linux's accept(2) man page says to treat like EAGAIN (EPROTO, ENETDOWN,
   * ENOPROTOOPT, EHOSTDOWN, ENONET, EHOSTUNREACH, ENETUNREACH); Java reports them only through the
   * {@code strerror} text. Windows words the first two differently.
   */
  private static final List<String> PER_CONNECTION_ERRORS =
      List.of(
          "Connection aborted",
          "Software caused connection abort",
          "Connection reset",
          "forcibly closed by the remote host",
          "established connection was aborted",
          "Protocol error",
          "Network is down",
          "Protocol not available",
          "Host is down",
          "Machine is not on the network",
          "No route to host",
          "Network is unreachable");

  static boolean isPerConnectionAcceptError(IOException e) {
    String message = e.getMessage();
    if (message == null) {
      return false;
    }
    for (String fragment : PER_CONNECTION_ERRORS) {
      if (message.contains(fragment)) {
        return true;
      }
    }
    return false;
  }

  /** The READ handler behind {@link #addAcceptHandler}. */
  private static final class AcceptHandler implements IOLoop.Handler {
    private final IOLoop loop;
    private final ServerSocketChannel channel;
    private final SocketAddress local;
    private final NetUtil.AcceptCallback callback;
    private final Acceptor acceptor;
    private final AtomicBoolean removed = new AtomicBoolean();

    /** The pending re-enable after a pause; loop thread only. */
    private Timeout resume;

    AcceptHandler(
        IOLoop loop,
        ServerSocketChannel channel,
        SocketAddress local,
        NetUtil.AcceptCallback callback,
        Acceptor acceptor) {
      this.loop = loop;
      this.channel = channel;
      this.local = local;
      this.callback = callback;
      this.acceptor = acceptor;
    }

    @Override
    public void handleEvents(SelectableChannel ignored, int events) {
      for (int i = 0; i < MAX_ACCEPTS_PER_WAKEUP; i++) {
        // The callback may have called the remover: stop before accepting one more connection.
        if (removed.get()) {
          return;
        }
        SocketChannel connection;
        try {
          connection = acceptor.accept();
        } catch (ClosedChannelException e) {
          GEN_LOG.debug("{} closed; no more connections to accept", local);
          return;
        } catch (IOException e) {
          if (isPerConnectionAcceptError(e)) {
            GEN_LOG.debug("skipping a connection on {}: {}", local, e.toString());
            continue;
          }
          pause(e);
          return;
        }
        if (connection == null) {
          return;
        }
        SocketAddress address;
        try {
          connection.configureBlocking(false);
          address = connection.getRemoteAddress();
        } catch (IOException e) {
          GEN_LOG.debug("dropping a connection on {}: {}", local, e.toString());
          SocketBinding.closeQuietly(connection, null);
          continue;
        }
        try {
          callback.accept(connection, address);
        } catch (RuntimeException e) {
          // Errors (OutOfMemoryError and the like) go on to the loop, which logs them too.
          APP_LOG.error("Error in connection callback", e);
        }
      }
    }

    /**
     * Stops watching the channel for 100 ms. The loop's selector is level triggered and the failed
     * connection is still in the backlog, so the channel would be ready again at once; waiting lets
     * file descriptors be freed meanwhile (the pause Tornado lacks).
     */
    private void pause(IOException e) {
      GEN_LOG.error(
          "Cannot accept connections on {}: {}; pausing accept for {} ms",
          local,
          e.getMessage(),
          ACCEPT_PAUSE_MILLIS);
      loop.updateHandler(channel, IOLoop.NONE);
      if (resume == null) {
        resume = loop.callLater(Duration.ofMillis(ACCEPT_PAUSE_MILLIS), this::resume);
      }
    }

    private void resume() {
      resume = null;
      if (!removed.get()) {
        loop.updateHandler(channel, IOLoop.READ);
      }
    }

    void remove() {
      if (!removed.compareAndSet(false, true)) {
        return;
      }
      if (loop.inLoopThread()) {
        unregister();
      } else {
        // A false return means the loop is closed, which already dropped the registration.
        loop.addCallback(this::unregister);
      }
    }

    private void unregister() {
      if (loop.isClosed()) {
        return;
      }
      if (resume != null) {
        loop.removeTimeout(resume);
        resume = null;
      }
      loop.removeHandler(channel);
    }
  }
}
