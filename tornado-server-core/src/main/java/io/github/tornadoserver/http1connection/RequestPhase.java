package io.github.tornadoserver.http1connection;

/**
 * Where one request stands in its {@link HTTP1Connection}. Lifecycle, in order:
 *
 * <ol>
 *   <li>{@link #NEW}: made for the next request; nothing read yet.
 *   <li>{@link #READING_HEAD}: waiting for the request head (bounded by {@code maxHeaderSize} and
 *       the header timeout).
 *   <li>{@link #READING_BODY}: the head was valid and handed to the delegate; its body (none for a
 *       request without one) is being read.
 *   <li>{@link #BODY_READ}: the delegate's {@code finish} was called; waiting for the response to
 *       end.
 *   <li>{@link #DONE}: the owner was told whether the connection goes on.
 * </ol>
 *
 * Any phase before {@code DONE} may also end in {@code DONE} (refused, failed, or the connection
 * closed under it) or in {@link #DETACHED} (a handler took the stream); both are final, and each
 * tells the owner once. Moving anywhere else throws {@link IllegalStateException}.
 */
enum RequestPhase {
  NEW,
  READING_HEAD,
  READING_BODY,
  BODY_READ,
  DONE,
  DETACHED;

  /** Whether the request is over for its connection: the owner has been told. */
  boolean ended() {
    return this == DONE || this == DETACHED;
  }

  /**
   * Returns {@code next} if the lifecycle allows moving there from this phase.
   *
   * @throws IllegalStateException naming both phases, otherwise
   */
  RequestPhase to(RequestPhase next) {
    boolean allowed = !ended() && (next.ended() || next.ordinal() == ordinal() + 1);
    if (!allowed) {
      throw new IllegalStateException("request phase " + this + " cannot move to " + next);
    }
    return next;
  }
}
