package io.github.tornadoserver.http1connection;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.RejectionReason;
import io.github.tornadoserver.httputil.RequestContext;
import java.util.concurrent.CompletionStage;

/**
 * What an {@link HTTP1Connection} needs from the connection it reads its request on: {@link
 * HTTP1ServerConnection} in the server, a fake in tests. Every call is made on the loop thread.
 *
 * <p>Order, for one request: {@link #armHeadDeadline} when the head has to be waited for (not when
 * it was already buffered, as a pipelined head usually is); {@link #disarmHeadDeadline} when the
 * head arrived or could not be read (also when it was never armed); for a valid head {@link
 * #markBusy}, {@link #keepAliveAllowed} and {@link #resolveContext}; meanwhile any number of {@link
 * #countRejection} (a refusal written to the client is preceded by {@link #lingerAfterRejection});
 * and last, exactly once, either {@link #requestDone} or {@link #detached}. {@link #whenClosed} may
 * be asked at any time.
 */
interface ConnectionOwner {

  /** Starts the clock for the request head ({@code idleConnectionTimeout}). */
  void armHeadDeadline();

  /** The head arrived, or reading it failed: no head deadline until the next request. */
  void disarmHeadDeadline();

  /** A valid request head arrived: the connection is busy until this request is done. */
  void markBusy();

  /** Whether the response may keep the connection open (options, request cap, draining). */
  boolean keepAliveAllowed();

  /** The context of this request: the connection's, updated from its headers (proxy, TLS). */
  RequestContext resolveContext(HTTPHeaders headers);

  /** A request was refused, or timed out, for {@code reason}. */
  void countRejection(RejectionReason reason);

  /** A refusal is being written; a lingering close, not the owner, will end the stream. */
  void lingerAfterRejection();

  /** The request is over; the next one is read only if {@code keepAlive}. */
  void requestDone(boolean keepAlive);

  /** A handler took the stream: the request is over and the connection no longer served. */
  void detached();

  /** Completes once the connection has ended (closed or detached); at once if it already has. */
  CompletionStage<Void> whenClosed();
}
