package io.github.tornadoserver.http1connection;

/**
 * Where one response stands in its {@link ResponseWriter}. Lifecycle, in order:
 *
 * <ol>
 *   <li>{@link #IDLE}: nothing written.
 *   <li>{@link #HEADERS_WRITTEN}: the head was written; body writes may follow.
 *   <li>{@link #FINISHED}: the handler ended the response (or the server wrote a refusal); its
 *       bytes may still be queued.
 * </ol>
 *
 * A refusal goes from {@code IDLE} straight to {@code FINISHED}. A phase is never re-entered:
 * moving back or to the same phase throws {@link IllegalStateException}.
 */
enum ResponsePhase {
  IDLE,
  HEADERS_WRITTEN,
  FINISHED;

  /**
   * Returns {@code next} if it comes later in the lifecycle than this phase.
   *
   * @throws IllegalStateException naming both phases, otherwise
   */
  ResponsePhase to(ResponsePhase next) {
    if (next.ordinal() <= ordinal()) {
      throw new IllegalStateException("response phase " + this + " cannot move to " + next);
    }
    return next;
  }
}
