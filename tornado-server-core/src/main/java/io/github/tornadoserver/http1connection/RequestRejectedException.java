package io.github.tornadoserver.http1connection;

/**
 * A request the server refuses before its handler sees it: the status to answer with, a short
 * metric reason ({@code header_too_large}, {@code bad_request}, ...) and a message for the log.
 */
final class RequestRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String reason;

  RequestRejectedException(int status, String reason, String message) {
    super(message, null, false, false);
    this.status = status;
    this.reason = reason;
  }

  static RequestRejectedException badRequest(String message) {
    return new RequestRejectedException(400, "bad_request", message);
  }

  int status() {
    return status;
  }

  String reason() {
    return reason;
  }
}
