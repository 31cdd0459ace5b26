package io.github.tornadoserver.http1connection;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPMessageDelegate;
import io.github.tornadoserver.httputil.HTTPServerConnectionDelegate;
import io.github.tornadoserver.httputil.RejectionReason;
import io.github.tornadoserver.httputil.RequestContext;
import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.ioloop.Timeout;
import io.github.tornadoserver.iostream.IOStream;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The server side of one HTTP/1.x connection, Tornado's {@code HTTP1ServerConnection}: reads
 * requests one after another (pipelined ones in order, each answered before the next is read) until
 * either side ends the connection.
 *
 * <p>Lifecycle, in order ({@link ConnectionState}): {@code IDLE} waiting for a request head, {@code
 * BUSY} from the head until the response ended, then {@code IDLE} again for a kept-alive
 * connection; {@code CLOSING} when {@link #closeWhenIdle()} found it busy, or found a request that
 * had arrived unseen (the current response carries {@code Connection: close}); {@code LINGERING}
 * while a refusal is written and the input drained; {@code DETACHED} when a handler took the
 * stream; and last {@code CLOSED}. Serving ends when a response does not keep the connection alive,
 * the peer closes, a request is refused, the connection is {@link #close()}d, or a handler {@code
 * detach}es the stream; {@link #whenClosed()} completes then.
 *
 * <p>An idle connection is never closed while request bytes wait on it: before the idle timeout or
 * {@link #closeWhenIdle()} closes it, the socket is read once in the same loop iteration, and what
 * arrived is served. Loop thread only.
 */
public final class HTTP1ServerConnection {
  private static final long NO_DEADLINE = Long.MAX_VALUE;
  private final IOStream stream;
  private final HTTP1ConnectionParameters params;
  private final RequestContext context;
  private final Consumer<RejectionReason> rejections;
  private final RequestContextResolver resolver;
  private final Owner owner = new Owner();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private ConnectionState state = ConnectionState.IDLE;
  private HTTPServerConnectionDelegate delegate;
  private Timeout headTimer;
  private long headDeadline = NO_DEADLINE;
  private HTTP1Connection current;
  private int requests;
  private boolean headGraceUsed;
  private boolean closeRequested;

  /** A connection whose requests keep the connection's context. */
  public HTTP1ServerConnection(
      IOStream stream,
      HTTP1ConnectionParameters params,
      RequestContext context,
      Consumer<RejectionReason> rejections) {
    this(stream, params, context, rejections, RequestContextResolver.IDENTITY);
  }

  /**
   * @param rejections told the reason of each refused request or timeout (for metrics)
   * @param resolver the context of each request (proxy headers, TLS peer)
   */
  public HTTP1ServerConnection(
      IOStream stream,
      HTTP1ConnectionParameters params,
      RequestContext context,
      Consumer<RejectionReason> rejections,
      RequestContextResolver resolver) {
    this.stream = Objects.requireNonNull(stream, "stream");
    this.params = Objects.requireNonNull(params, "params");
    this.context = Objects.requireNonNull(context, "context");
    this.rejections = rejections == null ? reason -> {} : rejections;
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /** Serves requests with {@code delegate} until the connection ends; the future completes then. */
  public CompletableFuture<Void> startServing(HTTPServerConnectionDelegate serverDelegate) {
    stream.ioLoop().checkThread();
    this.delegate = Objects.requireNonNull(serverDelegate, "delegate");
    stream.setNodelay(true);
    stream.setCloseCallback(this::onStreamClosed);
    serveNext();
    return closed;
  }

  private void serveNext() {
    if (state == ConnectionState.CLOSING || stream.closed()) {
      close();
      return;
    }
    requests++;
    HTTP1Connection connection = new HTTP1Connection(stream, params, context, owner);
    current = connection;
    HTTPMessageDelegate messageDelegate;
    try {
      messageDelegate = delegate.startRequest(this, connection);
    } catch (RuntimeException e) {
      HTTP1Connection.APP_LOG.error("Exception in startRequest for {}", context.address(), e);
      close();
      return;
    }
    connection.readRequest(messageDelegate);
  }

  /** The current request ended; the next is read if it may be. */
  private void requestDone(boolean keepAlive) {
    if (state == ConnectionState.LINGERING) {
      finishServing();
    } else if (keepAlive && state == ConnectionState.BUSY) {
      state = state.to(ConnectionState.IDLE);
      serveNext();
    } else {
      close();
    }
  }

  /**
   * Starts the clock for a request head ({@code idleConnectionTimeout}). One timer serves the whole
   * connection: it is scheduled once and, when it fires early because later requests moved the
   * deadline, scheduled again for the new deadline; a keep-alive request thus costs two reads of
   * the clock instead of a timer added to and removed from the loop's queue.
   */
  private void armHeadDeadline() {
    headGraceUsed = false;
    setHeadDeadline();
  }

  private void setHeadDeadline() {
    long timeout = params.headerTimeout().toNanos();
    long now = stream.ioLoop().time();
    headDeadline = now + timeout < now ? NO_DEADLINE - 1 : now + timeout;
    if (headTimer == null) {
      headTimer = stream.ioLoop().callAt(headDeadline, this::headTimerFired);
    }
  }

  private void headTimerFired() {
    headTimer = null;
    if (headDeadline == NO_DEADLINE) {
      return;
    }
    if (stream.ioLoop().time() - headDeadline >= 0) {
      headDeadline = NO_DEADLINE;
      headDeadlinePassed();
      return;
    }
    headTimer = stream.ioLoop().callAt(headDeadline, this::headTimerFired);
  }

  /**
   * No head within the timeout, as far as the selector saw. A request may still have reached the
   * kernel after it looked, in this very loop iteration, so the socket is read once first: a whole
   * head found then is served; a head that has begun to arrive gets one more timeout to complete
   * (so no head takes more than twice the timeout); only a connection with nothing received, or
   * whose head is still incomplete after that extra time, is closed.
   */
  private void headDeadlinePassed() {
    HTTP1Connection waiting = current;
    if (waiting == null) {
      return;
    }
    boolean received = stream.pollInput();
    if (!stillWaitingForHead(waiting)) {
      return;
    }
    if (received && !headGraceUsed) {
      headGraceUsed = true;
      HTTP1Connection.GEN_LOG.debug(
          "request head from {} begun at the timeout; {} more to complete it",
          context.address(),
          params.headerTimeout());
      setHeadDeadline();
      return;
    }
    waiting.headerTimedOut();
  }

  /** Whether {@code waiting} is still the request whose head is awaited on an open stream. */
  private boolean stillWaitingForHead(HTTP1Connection waiting) {
    return current == waiting
        && waiting.phase() == RequestPhase.READING_HEAD
        && !stream.closed()
        && state == ConnectionState.IDLE;
  }

  /** Whether the response being written may keep the connection open. */
  private boolean keepAliveAllowed() {
    if (params.noKeepAlive() || closeRequested || state == ConnectionState.CLOSING) {
      return false;
    }
    int cap = params.maxRequestsPerConnection();
    return cap == 0 || requests < cap;
  }

  private void onStreamClosed() {
    if (current != null) {
      current.connectionClosed();
    }
    finishServing();
  }

  /** Closes the connection now; a request in progress sees {@code onConnectionClose}. */
  public void close() {
    stream.close();
    finishServing();
  }

  /**
   * Closes once no request is in progress. A busy connection's current response carries {@code
   * Connection: close} and the connection closes after it. An idle one first reads the socket once
   * (a request may have arrived since the selector last looked): with nothing received it closes
   * now; a request found there, or one whose head has begun to arrive, is served with {@code
   * Connection: close}, its head still bounded by the head timeout. Does nothing once the
   * connection is closing, lingering, detached or closed.
   */
  public void closeWhenIdle() {
    if (state == ConnectionState.IDLE) {
      closeRequested = true;
      HTTP1Connection waiting = current;
      if (waiting == null || !stream.pollInput() && stillWaitingForHead(waiting)) {
        close();
      }
    } else if (state == ConnectionState.BUSY) {
      state = state.to(ConnectionState.CLOSING);
      current.closeAfterResponse();
    }
  }

  /** The loop this connection runs on. */
  public IOLoop ioLoop() {
    return stream.ioLoop();
  }

  /** Whether a request is being read or answered. */
  public boolean busy() {
    return state == ConnectionState.BUSY || state == ConnectionState.CLOSING;
  }

  /** The state of this connection. */
  ConnectionState state() {
    return state;
  }

  /** Completes once the connection has ended (closed or detached). */
  public CompletableFuture<Void> whenClosed() {
    return closed;
  }

  private void finishServing() {
    if (state == ConnectionState.CLOSED) {
      return;
    }
    state = state.to(ConnectionState.CLOSED);
    headDeadline = NO_DEADLINE;
    if (headTimer != null) {
      stream.ioLoop().removeTimeout(headTimer);
      headTimer = null;
    }
    if (delegate != null) {
      try {
        delegate.onClose(this);
      } catch (RuntimeException e) {
        HTTP1Connection.APP_LOG.error("Exception in onClose for {}", context.address(), e);
      }
    }
    closed.complete(null);
  }

  /** The peer and scheme of this connection. */
  public RequestContext context() {
    return context;
  }

  /** What its requests see of this connection; a separate object keeps these calls off the API. */
  private final class Owner implements ConnectionOwner {
    @Override
    public void armHeadDeadline() {
      HTTP1ServerConnection.this.armHeadDeadline();
    }

    @Override
    public void disarmHeadDeadline() {
      headDeadline = NO_DEADLINE;
    }

    @Override
    public void markBusy() {
      state = state.to(ConnectionState.BUSY);
      if (closeRequested) {
        state = state.to(ConnectionState.CLOSING);
      }
    }

    @Override
    public boolean keepAliveAllowed() {
      return HTTP1ServerConnection.this.keepAliveAllowed();
    }

    @Override
    public RequestContext resolveContext(HTTPHeaders headers) {
      return resolver.resolve(context, headers);
    }

    @Override
    public void countRejection(RejectionReason reason) {
      rejections.accept(reason);
    }

    @Override
    public void lingerAfterRejection() {
      state = state.to(ConnectionState.LINGERING);
    }

    @Override
    public void requestDone(boolean keepAlive) {
      HTTP1ServerConnection.this.requestDone(keepAlive);
    }

    @Override
    public void detached() {
      state = state.to(ConnectionState.DETACHED);
      finishServing();
    }

    @Override
    public CompletableFuture<Void> whenClosed() {
      return closed;
    }
  }
}
