package io.github.tornadoserver.http1connection;

import io.github.tornadoserver.httputil.RejectionReason;

/**
 * A request the server refuses before its handler sees it: the status to answer with, the reason it
 * is counted under, and a message for the log.
 */
final class RequestRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final RejectionReason reason;

  RequestRejectedException(int status, RejectionReason reason, String message) {
    super(message, null, false, false);
    this.status = status;
    this.reason = reason;
  }

  static RequestRejectedException badRequest(String message) {
    return new RequestRejectedException(400, RejectionReason.BAD_REQUEST, message);
  }

  int status() {
    return status;
  }

  RejectionReason reason() {
    return reason;
  }
}
