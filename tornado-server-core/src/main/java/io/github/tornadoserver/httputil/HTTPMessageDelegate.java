package io.github.tornadoserver.httputil;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * Receives one HTTP request as it is read, Tornado's {@code HTTPMessageDelegate}.
 *
 * <p>Order: {@link #headersReceived} once, then {@link #dataReceived} zero or more times (each
 * chunk at most {@code chunkSize} bytes, decoded from chunked and, when enabled, gzip framing),
 * then exactly one of {@link #finish} (the whole body was read) or {@link #onConnectionClose} (the
 * connection closed first), never both. All calls run on the connection's loop thread.
 */
public interface HTTPMessageDelegate {
  /** The request head. May return a stage (or null): the body is not read until it completes. */
  CompletionStage<?> headersReceived(RequestStartLine startLine, HTTPHeaders headers);

  /**
   * A chunk of the body; the buffer is only valid during the call. May return a stage (or null):
   * nothing more is read from the socket until it completes, which is how a slow consumer pushes
   * back on the client.
   */
  default CompletionStage<?> dataReceived(ByteBuffer chunk) {
    return null;
  }

  /** The whole request was read. */
  void finish();

  /** The connection closed before the request was read to its end. */
  default void onConnectionClose() {}

  /**
   * The server refuses this request with {@code status} (400, 413, 414, 431, 501 or 505) before
   * {@link #finish}, and closes the connection once the refusal was written. Called at most once,
   * before {@link #onConnectionClose} when the head was received; a head too long or malformed is
   * refused before {@link #headersReceived}, so this may be the only call. Not called for a {@code
   * HEAD} request, whose refusal never has a body, nor when a response had already begun.
   *
   * @param reason why, as counted in the server's rejection metrics
   * @return the body to send with the refusal, or null (the default) for an empty one
   */
  default RejectionBody rejected(int status, RejectionReason reason) {
    return null;
  }
}
