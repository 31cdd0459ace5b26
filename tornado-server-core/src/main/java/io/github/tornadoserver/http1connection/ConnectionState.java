package io.github.tornadoserver.http1connection;

/**
 * Where an {@link HTTP1ServerConnection} stands between and during its requests. Lifecycle, in
 * order:
 *
 * <ol>
 *   <li>{@link #IDLE}: waiting for the next request head (the first one too).
 *   <li>{@link #BUSY}: a request head arrived; busy until its response ends, then {@code IDLE}
 *       again when the connection is kept alive.
 *   <li>{@link #CLOSING}: asked to close when idle while busy, or busy with a request that had
 *       arrived when it was asked; the current response carries {@code Connection: close} and the
 *       connection closes after it.
 *   <li>{@link #LINGERING}: a refusal is being written; the lingering close ends the stream.
 *   <li>{@link #DETACHED}: a handler took the stream for another protocol.
 *   <li>{@link #CLOSED}: the server is done with the connection (final).
 * </ol>
 *
 * {@code IDLE} may go to {@code BUSY}, {@code LINGERING}, {@code DETACHED} or {@code CLOSED} (an
 * idle connection asked to close closes at once); {@code BUSY} to any other state; {@code CLOSING}
 * to {@code LINGERING}, {@code DETACHED} or {@code CLOSED}; {@code LINGERING} and {@code DETACHED}
 * only to {@code CLOSED}. Any other move throws {@link IllegalStateException}.
 */
enum ConnectionState {
  IDLE,
  BUSY,
  CLOSING,
  LINGERING,
  DETACHED,
  CLOSED;

  /**
   * Returns {@code next} if the lifecycle allows moving there from this state.
   *
   * @throws IllegalStateException naming both states, otherwise
   */
  ConnectionState to(ConnectionState next) {
    if (!allows(next)) {
      throw new IllegalStateException("connection state " + this + " cannot move to " + next);
    }
    return next;
  }

  private boolean allows(ConnectionState next) {
    return switch (this) {
      case IDLE -> next == BUSY || next.ordinal() >= LINGERING.ordinal();
      case BUSY -> next != BUSY;
      case CLOSING -> next.ordinal() > ordinal();
      case LINGERING, DETACHED -> next == CLOSED;
      case CLOSED -> false;
    };
  }
}
