package io.github.tornadoserver.http1connection;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPOutputException;
import io.github.tornadoserver.httputil.HTTPUtil;
import io.github.tornadoserver.httputil.ResponseStartLine;
import io.github.tornadoserver.iostream.IOStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Writes one response: the head once, the body framed by {@code Content-Length} or chunked (or, for
 * HTTP/1.0 without a length, by closing), then the end. Decides whether the connection stays open
 * after it (RFC 9112 §9.3).
 */
final class ResponseWriter {
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] CRLF = {'\r', '\n'};

  /** A body up to this size is copied behind its head so that both leave in one buffer. */
  private static final int SMALL_BODY = 4096;

  private final IOStream stream;

  /** What {@link #finish()} returned: the last write's future, or the failure. */
  private CompletableFuture<Void> finishResult;

  /** Told once when the handler ended the response: null, or why it failed. */
  private Consumer<Throwable> endListener;

  private boolean ended;
  private Throwable endError;
  private RequestHead request;
  private boolean keepAlive;
  private boolean started;
  private boolean finished;
  private boolean bodyAllowed = true;
  private boolean chunked;
  private long expectedLength = -1;
  private long written;
  private CompletableFuture<Void> lastWrite;

  ResponseWriter(IOStream stream) {
    this.stream = stream;
  }

  /** The request being answered, and whether both sides allow another request after it. */
  void start(RequestHead head, boolean keepAliveAllowed) {
    this.request = head;
    this.keepAlive = keepAliveAllowed;
  }

  boolean started() {
    return started;
  }

  /** Whether the connection may carry another request after this response. */
  boolean keepAlive() {
    return keepAlive && finished;
  }

  /** Completes once the response's last byte reached the kernel; only after it ended. */
  CompletableFuture<Void> whenFinished() {
    return finishResult;
  }

  /**
   * Runs {@code listener} once the handler ended the response (its bytes may still be queued), with
   * null or the failure; at once if it already ended. A plain callback: this runs per request.
   */
  void whenEnded(Consumer<Throwable> listener) {
    if (ended) {
      listener.accept(endError);
    } else {
      endListener = listener;
    }
  }

  private void end(Throwable error) {
    ended = true;
    endError = error;
    Consumer<Throwable> listener = endListener;
    endListener = null;
    if (listener != null) {
      listener.accept(error);
    }
  }

  private CompletableFuture<Void> lastWrite() {
    return lastWrite != null ? lastWrite : CompletableFuture.completedFuture(null);
  }

  /** Stop keep-alive after this response (a drain, or the per-connection request cap). */
  void closeAfter() {
    keepAlive = false;
  }

  CompletableFuture<Void> writeHeaders(
      ResponseStartLine startLine, HTTPHeaders headers, ByteBuffer chunk, boolean earlyResponse) {
    if (started) {
      throw new IllegalStateException("response headers already written");
    }
    started = true;
    int code = startLine.code();
    bodyAllowed = !request.isHead() && code >= 200 && code != 204 && code != 304;
    expectedLength = declaredLength(headers);
    if (earlyResponse || HTTPUtil.hasToken(headers.getList("Connection"), "close")) {
      // The request body was not read: the connection cannot be reused (tornado.md Q9).
      keepAlive = false;
    }
    if (bodyAllowed && expectedLength < 0 && !headers.contains("Transfer-Encoding")) {
      if (request.http11) {
        chunked = true;
      } else {
        keepAlive = false; // HTTP/1.0 without a length: the close ends the body (tornado.md Q3)
      }
    }
    String connection = !keepAlive ? "close" : request.http11 ? null : "keep-alive";
    String date = headers.contains("Date") ? null : HttpDate.now();
    byte[] head = ResponseHead.encode(startLine, headers, chunked, connection, date);
    if (chunk != null && chunk.hasRemaining() && bodyAllowed && !chunked) {
      return writeHeadAndBody(head, chunk);
    }
    lastWrite = stream.write(head);
    if (chunk != null && chunk.hasRemaining()) {
      return write(chunk);
    }
    return lastWrite;
  }

  /** A head and a fixed-length body: one buffer, one write, when the body is small. */
  private CompletableFuture<Void> writeHeadAndBody(byte[] head, ByteBuffer chunk) {
    int n = chunk.remaining();
    if (expectedLength >= 0 && n > expectedLength) {
      lastWrite = stream.write(head);
      return write(chunk);
    }
    if (n > SMALL_BODY) {
      lastWrite = stream.write(head);
      return write(chunk);
    }
    byte[] both = java.util.Arrays.copyOf(head, head.length + n);
    chunk.get(both, head.length, n);
    written += n;
    lastWrite = stream.write(both);
    return lastWrite;
  }

  private static long declaredLength(HTTPHeaders headers) {
    String value = headers.getFirst("Content-Length");
    if (value == null) {
      return -1;
    }
    try {
      long length = Long.parseLong(value.trim());
      if (length < 0) {
        throw new NumberFormatException();
      }
      return length;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Content-Length: " + value + " (expected: digits)");
    }
  }

  CompletableFuture<Void> write(ByteBuffer chunk) {
    if (!started) {
      throw new IllegalStateException("write before writeHeaders");
    }
    if (finished) {
      throw new IllegalStateException("write after finish");
    }
    int n = chunk.remaining();
    if (n == 0 || !bodyAllowed) {
      return lastWrite();
    }
    if (expectedLength >= 0 && written + n > expectedLength) {
      return failAndClose(
          "Tried to write more data than Content-Length ("
              + (written + n)
              + " > "
              + expectedLength
              + ")");
    }
    written += n;
    if (chunked) {
      stream.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      stream.write(chunk);
      lastWrite = stream.write(CRLF);
    } else {
      lastWrite = stream.write(chunk);
    }
    return lastWrite;
  }

  CompletableFuture<Void> finish() {
    if (!started) {
      throw new IllegalStateException("finish before writeHeaders");
    }
    if (finished) {
      return finishResult;
    }
    finished = true;
    if (bodyAllowed && expectedLength >= 0 && written < expectedLength) {
      HTTPOutputException missing =
          new HTTPOutputException(
              "Tried to write "
                  + (expectedLength - written)
                  + " bytes less than Content-Length ("
                  + expectedLength
                  + ")");
      finishResult = failAndClose(missing);
      end(missing);
      return finishResult;
    }
    if (chunked) {
      lastWrite = stream.write(LAST_CHUNK);
    }
    finishResult = lastWrite();
    end(null);
    return finishResult;
  }

  private CompletableFuture<Void> failAndClose(String message) {
    return failAndClose(new HTTPOutputException(message));
  }

  private CompletableFuture<Void> failAndClose(HTTPOutputException error) {
    keepAlive = false;
    stream.close();
    return CompletableFuture.failedFuture(error);
  }

  /** A refusal: status line, {@code Connection: close}, {@code Content-Length: 0}. */
  CompletableFuture<Void> writeRejection(int status) {
    started = true;
    finished = true;
    keepAlive = false;
    String head =
        "HTTP/1.1 "
            + status
            + " "
            + ResponseStartLine.reasonPhrase(status)
            + "\r\nConnection: close\r\nContent-Length: 0\r\nDate: "
            + HttpDate.now()
            + "\r\n\r\n";
    finishResult = stream.write(head.getBytes(StandardCharsets.ISO_8859_1));
    end(null);
    return finishResult;
  }
}
