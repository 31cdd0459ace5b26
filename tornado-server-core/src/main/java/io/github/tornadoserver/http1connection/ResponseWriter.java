package io.github.tornadoserver.http1connection;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPOutputException;
import io.github.tornadoserver.httputil.HTTPUtil;
import io.github.tornadoserver.httputil.RejectionBody;
import io.github.tornadoserver.httputil.ResponseStartLine;
import io.github.tornadoserver.iostream.IOStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Writes one response: the head once, the body framed by {@code Content-Length} or chunked (or, for
 * HTTP/1.0 without a length, by closing), then the end. Decides whether the connection stays open
 * after it (RFC 9112 §9.3).
 *
 * <p>Lifecycle, in order ({@link ResponsePhase}): {@code IDLE} until {@link #writeHeaders} (which
 * decides the body {@link Framing} once) moves it to {@code HEADERS_WRITTEN}; body writes; {@link
 * #finish} moves it to {@code FINISHED}. A refusal ({@link #writeRejection}) goes from {@code IDLE}
 * to {@code FINISHED} at once. Writing in the wrong phase throws {@link IllegalStateException}
 * naming the phase.
 *
 * <p>Not lifecycle, so plain fields: the request being answered (set once by {@link #start}), the
 * framing (set once by {@code writeHeaders}), and whether the connection may be kept alive, which
 * starts as the request and the server allow and can only be turned off.
 */
final class ResponseWriter {
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] CRLF = {'\r', '\n'};

  /** A body up to this size is copied behind its head so that both leave in one buffer. */
  private static final int SMALL_BODY = 4096;

  /** How the body is delimited; decided once, from the request and the response head. */
  enum Framing {
    /** No body may follow (HEAD, 1xx, 204, 304): body writes are dropped. */
    NONE,
    /** {@code Content-Length}: the body must be exactly that long. */
    FIXED,
    /** Each write becomes a chunk; {@code finish} writes the last chunk. */
    CHUNKED,
    /**
     * Written as given: the handler's own {@code Transfer-Encoding}, or HTTP/1.0 ended by close.
     */
    AS_WRITTEN
  }

  private final IOStream stream;
  private ResponsePhase phase = ResponsePhase.IDLE;
  private RequestHead request;
  private boolean keepAlive;
  private Framing framing = Framing.NONE;
  private long expectedLength = -1;
  private long written;

  /** What {@link #finish()} returned: the last write's future, or the failure. */
  private CompletableFuture<Void> finishResult;

  private CompletableFuture<Void> lastWrite;

  /** Why the response failed when it ended, or null. */
  private Throwable endError;

  /** Told once when the handler ended the response: null, or why it failed. */
  private Consumer<Throwable> endListener;

  ResponseWriter(IOStream stream) {
    this.stream = stream;
  }

  /** The request being answered, and whether both sides allow another request after it. */
  void start(RequestHead head, boolean keepAliveAllowed) {
    this.request = head;
    this.keepAlive = keepAliveAllowed;
  }

  /** Whether anything was written: the head, or a refusal. */
  boolean started() {
    return phase != ResponsePhase.IDLE;
  }

  ResponsePhase phase() {
    return phase;
  }

  /** Whether the connection may carry another request after this response. */
  boolean keepAlive() {
    return keepAlive && phase == ResponsePhase.FINISHED;
  }

  /** Completes once the response's last byte reached the kernel; only after it ended. */
  CompletableFuture<Void> whenFinished() {
    return finishResult;
  }

  /** Whether the handler ended the response (its bytes may still be queued). */
  boolean ended() {
    return phase == ResponsePhase.FINISHED;
  }

  /** Why the response failed, once it {@linkplain #ended() ended}; null when it did not fail. */
  Throwable endError() {
    return endError;
  }

  /**
   * Runs {@code listener} once the handler ended the response (its bytes may still be queued), with
   * null or the failure; at once if it already ended. A plain callback: this runs per request.
   */
  void whenEnded(Consumer<Throwable> listener) {
    if (ended()) {
      listener.accept(endError);
    } else {
      endListener = listener;
    }
  }

  /** Stop keep-alive after this response (a drain, or the per-connection request cap). */
  void closeAfter() {
    keepAlive = false;
  }

  // ---------------------------------------------------------------- head

  CompletableFuture<Void> writeHeaders(
      ResponseStartLine startLine, HTTPHeaders headers, ByteBuffer chunk, boolean earlyResponse) {
    startHead(startLine, headers, earlyResponse, -1);
    int body = chunk == null ? 0 : chunk.remaining();
    if (body > 0 && fitsWithHead(body)) {
      // A small body goes in the head's own array: one buffer, one write, no second copy.
      byte[] both = encodeHead(startLine, headers, body, -1);
      chunk.get(both, both.length - body, body);
      written += body;
      lastWrite = stream.write(both);
      return lastWrite;
    }
    lastWrite = stream.write(encodeHead(startLine, headers, 0, -1));
    return body > 0 ? write(chunk) : lastWrite;
  }

  /**
   * A whole response: the head, {@code body} (null for none) and the end. A {@code Content-Length}
   * of the body's length goes out with the head unless {@code headers} frame the body or the status
   * has none; {@code headers} are not changed. Returns what {@link #finish} returns, once the head
   * and body were written too.
   */
  CompletableFuture<Void> respond(
      ResponseStartLine startLine, HTTPHeaders headers, byte[] body, boolean earlyResponse) {
    int length = body == null ? 0 : body.length;
    long added = HTTPUtil.addsContentLength(startLine.code(), headers) ? length : -1;
    startHead(startLine, headers, earlyResponse, added);
    CompletableFuture<Void> head;
    if (length > 0 && fitsWithHead(length)) {
      byte[] both = encodeHead(startLine, headers, length, added);
      System.arraycopy(body, 0, both, both.length - length, length);
      written += length;
      lastWrite = stream.write(both);
      head = lastWrite;
    } else {
      lastWrite = stream.write(encodeHead(startLine, headers, 0, added));
      head = length > 0 ? write(ByteBuffer.wrap(body)) : lastWrite;
    }
    CompletableFuture<Void> end = finish();
    return head == end ? end : CompletableFuture.allOf(head, end);
  }

  /**
   * Moves to HEADERS_WRITTEN and settles the framing and keep-alive of the head about to be
   * written; {@code addedLength} is a {@code Content-Length} the head gets besides {@code headers}
   * (-1 for none).
   */
  private void startHead(
      ResponseStartLine startLine, HTTPHeaders headers, boolean earlyResponse, long addedLength) {
    ResponsePhase next = phase.to(ResponsePhase.HEADERS_WRITTEN);
    // Before the move: a bad value leaves it IDLE.
    expectedLength = addedLength >= 0 ? addedLength : declaredLength(headers);
    phase = next;
    framing = framing(startLine.code(), headers);
    if (earlyResponse
        || headers.contains("Connection")
            && HTTPUtil.hasToken(headers.getList("Connection"), "close")) {
      // The request body was not read: the connection cannot be reused (tornado.md Q9).
      keepAlive = false;
    }
    if (framing == Framing.AS_WRITTEN
        && !request.http11
        && !headers.contains("Transfer-Encoding")) {
      keepAlive = false; // HTTP/1.0 without a length: the close ends the body (tornado.md Q3)
    }
  }

  private Framing framing(int code, HTTPHeaders headers) {
    if (request.isHead() || HTTPUtil.statusHasNoContent(code)) {
      return Framing.NONE;
    }
    if (expectedLength >= 0) {
      return Framing.FIXED;
    }
    if (request.http11 && !headers.contains("Transfer-Encoding")) {
      return Framing.CHUNKED;
    }
    return Framing.AS_WRITTEN;
  }

  private byte[] encodeHead(
      ResponseStartLine startLine, HTTPHeaders headers, int room, long addedLength) {
    String connection = !keepAlive ? "close" : request.http11 ? null : "keep-alive";
    byte[] date = headers.contains("Date") ? null : HttpDate.fieldLine(stream.ioLoop());
    return ResponseHead.encode(
        startLine, headers, addedLength, framing == Framing.CHUNKED, connection, date, room);
  }

  /** Whether a first body piece of {@code n} bytes is small and sent as it is (not chunked). */
  private boolean fitsWithHead(int n) {
    return (framing == Framing.FIXED && n <= expectedLength || framing == Framing.AS_WRITTEN)
        && n <= SMALL_BODY;
  }

  /**
   * The application's {@code Content-Length}, or -1 without one. RFC 9110 §8.6: 1*DIGIT, so a sign
   * ({@code +10}) is refused like any other non-digit.
   */
  private static long declaredLength(HTTPHeaders headers) {
    String value = null;
    for (int i = 0; i < headers.size(); i++) {
      if (!"Content-Length".equalsIgnoreCase(headers.name(i))) {
        continue;
      }
      if (value == null) {
        value = headers.value(i);
      } else if (!value.trim().equals(headers.value(i).trim())) {
        // RFC 9110 §8.6: a sender must not send differing lengths; a client or proxy that took
        // the other one would read the connection out of step.
        throw new IllegalArgumentException(
            "Content-Length: "
                + String.join(", ", headers.getList("Content-Length"))
                + " (expected: one length)");
      }
    }
    if (value == null) {
      return -1;
    }
    String digits = value.trim();
    boolean valid = !digits.isEmpty();
    for (int i = 0; i < digits.length() && valid; i++) {
      valid = digits.charAt(i) >= '0' && digits.charAt(i) <= '9';
    }
    try {
      if (valid) {
        return Long.parseLong(digits);
      }
    } catch (NumberFormatException tooLong) {
      // falls through to the refusal below
    }
    throw new IllegalArgumentException("Content-Length: " + value + " (expected: digits)");
  }

  // ---------------------------------------------------------------- body

  CompletableFuture<Void> write(ByteBuffer chunk) {
    if (phase != ResponsePhase.HEADERS_WRITTEN) {
      throw new IllegalStateException(
          "write in response phase " + phase + " (expected: HEADERS_WRITTEN)");
    }
    int n = chunk.remaining();
    if (n == 0 || framing == Framing.NONE) {
      return lastWrite();
    }
    if (framing == Framing.FIXED && written + n > expectedLength) {
      return failAndClose(
          "Tried to write more data than Content-Length ("
              + (written + n)
              + " > "
              + expectedLength
              + ")");
    }
    written += n;
    if (framing == Framing.CHUNKED) {
      stream.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      stream.write(chunk);
      lastWrite = stream.write(CRLF);
    } else {
      lastWrite = stream.write(chunk);
    }
    return lastWrite;
  }

  private CompletableFuture<Void> lastWrite() {
    return lastWrite != null ? lastWrite : CompletableFuture.completedFuture(null);
  }

  private CompletableFuture<Void> failAndClose(String message) {
    keepAlive = false;
    stream.close();
    return CompletableFuture.failedFuture(new HTTPOutputException(message));
  }

  // ---------------------------------------------------------------- end

  /**
   * Ends the response; a second call returns the first one's future. The phase moves before any
   * write, so a callback that runs inside this call (a failed write, a close) sees it finished.
   */
  CompletableFuture<Void> finish() {
    if (phase == ResponsePhase.FINISHED) {
      return finishResult;
    }
    if (phase != ResponsePhase.HEADERS_WRITTEN) {
      throw new IllegalStateException(
          "finish in response phase " + phase + " (expected: HEADERS_WRITTEN)");
    }
    HTTPOutputException missing = missingBytes();
    phase = phase.to(ResponsePhase.FINISHED);
    endError = missing;
    if (missing != null) {
      keepAlive = false;
      finishResult = CompletableFuture.failedFuture(missing);
      stream.close();
    } else {
      if (framing == Framing.CHUNKED) {
        lastWrite = stream.write(LAST_CHUNK);
      }
      finishResult = lastWrite();
    }
    notifyEnded();
    return finishResult;
  }

  private HTTPOutputException missingBytes() {
    if (framing != Framing.FIXED || written >= expectedLength) {
      return null;
    }
    return new HTTPOutputException(
        "Tried to write "
            + (expectedLength - written)
            + " bytes less than Content-Length ("
            + expectedLength
            + ")");
  }

  /**
   * A refusal: status line, {@code Connection: close}, and {@code body} framed by its length
   * ({@code Content-Length: 0} when null).
   */
  CompletableFuture<Void> writeRejection(int status, RejectionBody body) {
    phase = phase.to(ResponsePhase.FINISHED);
    keepAlive = false;
    StringBuilder head =
        new StringBuilder("HTTP/1.1 ")
            .append(status)
            .append(' ')
            .append(ResponseStartLine.reasonPhrase(status))
            .append("\r\nConnection: close\r\n");
    if (body != null) {
      head.append("Content-Type: ").append(body.contentType()).append("\r\n");
    }
    head.append("Content-Length: ")
        .append(body == null ? 0 : body.content().length)
        .append("\r\nDate: ")
        .append(HttpDate.now())
        .append("\r\n\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    finishResult = stream.write(body == null ? headBytes : concat(headBytes, body.content()));
    notifyEnded();
    return finishResult;
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  private void notifyEnded() {
    Consumer<Throwable> listener = endListener;
    endListener = null;
    if (listener != null) {
      listener.accept(endError);
    }
  }
}
