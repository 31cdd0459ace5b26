package io.github.tornadoserver.http1connection;

import io.github.tornadoserver.httputil.HTTPConnection;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPInputException;
import io.github.tornadoserver.httputil.HTTPMessageDelegate;
import io.github.tornadoserver.httputil.RejectionBody;
import io.github.tornadoserver.httputil.RejectionReason;
import io.github.tornadoserver.httputil.RequestContext;
import io.github.tornadoserver.httputil.ResponseStartLine;
import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.ioloop.Timeout;
import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.iostream.SSLIOStream;
import io.github.tornadoserver.iostream.UnsatisfiableReadException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request and its response on an HTTP/1.x connection, Tornado's {@code HTTP1Connection} (server
 * side).
 *
 * <p>Lifecycle, in order ({@link RequestPhase}): {@code NEW}; {@code READING_HEAD}: read the start
 * line and header fields (bounded by {@code maxHeaderSize} and the header timeout) and validate
 * them ({@link RequestHead}); {@code READING_BODY}: call {@code headersReceived}, send {@code 100
 * Continue} if asked, read the body by its framing in pieces of at most {@code chunkSize} (bounded
 * by {@code maxBodySize} and the body timeout); {@code BODY_READ}: call {@code finish} and wait for
 * the response to end; {@code DONE}: tell the owner, once, whether the connection may carry another
 * request. Meanwhile or afterwards the handler writes the response through this object ({@link
 * ResponseWriter}, its own {@link ResponsePhase}). A refusal, a failure or the connection closing
 * ends the request early in {@code DONE}, with {@code onConnectionClose} for a delegate that saw
 * the head but not {@code finish}; {@link #detach} ends it in {@code DETACHED}.
 *
 * <p>A response that ends while the body is still being read (an early answer, tornado.md Q9)
 * closes the connection after it, as its {@code Connection: close} said. Once it reached the
 * kernel, the request is over for the delegate ({@code onConnectionClose}; it sees no more body and
 * no {@code finish}); the write side is shut so that the client sees the end, and what is left of
 * the body is read and dropped for at most {@link LingeringClose#LINGER} and {@link
 * LingeringClose#MAX_DISCARDED} bytes, so that the close does not reset the connection under a
 * response the client has not read yet; then the connection closes.
 *
 * <p>A request refused before its handler saw it is answered here with its status, {@code
 * Connection: close} and {@code Content-Length: 0}, logged once at INFO with the peer, and the
 * connection is then closed.
 *
 * <p>Loop thread only, except that the stages a delegate returns may complete on any thread.
 */
public final class HTTP1Connection implements HTTPConnection {
  static final Logger GEN_LOG = LoggerFactory.getLogger("tornado.general");
  static final Logger APP_LOG = LoggerFactory.getLogger("tornado.application");
  private static final int MAX_CHUNK_LINE = 4096;
  private static final byte[] LF = {'\n'};
  private static final byte[] CONTINUE =
      "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  private final IOStream stream;
  private final IOLoop loop;
  private final HTTP1ConnectionParameters params;
  private final ConnectionOwner owner;
  private final ResponseWriter response;
  private RequestPhase phase = RequestPhase.NEW;
  private RequestContext context;
  private HTTPMessageDelegate delegate;
  private RequestHead head;
  private long maxBodySize;
  private Duration bodyTimeout;
  private Timeout timer;
  private long bodyRead;
  private GzipDecoder gzip;

  /** The rest of the body after an early answer, or null while the body is the delegate's. */
  private LingeringClose drop;

  /** Whether the delegate was told {@code onConnectionClose}. */
  private boolean delegateReleased;

  /** The head arrived, or reading it failed: set before anything else is done with it. */
  private boolean headSettled;

  HTTP1Connection(
      IOStream stream,
      HTTP1ConnectionParameters params,
      RequestContext context,
      ConnectionOwner owner) {
    this.stream = stream;
    this.loop = stream.ioLoop();
    this.params = params;
    this.context = context;
    this.owner = owner;
    this.maxBodySize = params.maxBodySize();
    this.bodyTimeout = params.bodyTimeout();
    this.response = new ResponseWriter(stream);
  }

  /** The phase this request is in. */
  RequestPhase phase() {
    return phase;
  }

  // ---------------------------------------------------------------- head

  /**
   * Reads one request into {@code delegate}; then tells the owner, once, whether the connection may
   * go on (the request was read whole, the response finished, and both sides keep the connection
   * alive). A plain callback instead of a future: this runs for every request.
   */
  void readRequest(HTTPMessageDelegate messageDelegate) {
    this.delegate = messageDelegate;
    phase = phase.to(RequestPhase.READING_HEAD);
    stream.readUntilOrFail(HeadEnd.INSTANCE, params.maxHeaderSize(), new HeadArrival());
    if (!headSettled) {
      // The head is not buffered yet (a pipelined one usually is, and was served within the call
      // above): only a wait for it needs the deadline, and the clock read that sets it.
      owner.armHeadDeadline();
    }
  }

  /**
   * Hands the head's bytes to {@link #onHead}. A class rather than {@code this::onHead} because one
   * is made for every request: a method reference is made through its call site's factory, and
   * where the compiler did not inline that factory, each one costs a call into the VM (profiles of
   * keep-alive load found it there); a {@code new} is always the compiled code's own allocation.
   */
  private final class HeadArrival implements BiConsumer<byte[], Throwable> {
    @Override
    public void accept(byte[] bytes, Throwable error) {
      onHead(bytes, error);
    }
  }

  /**
   * Counts the timeout (before the request ends, as the owner's contract orders), closes, and only
   * then logs: as little as possible may stand between the owner's last look at the socket and the
   * close, or a request arriving meanwhile would be lost.
   */
  void headerTimedOut() {
    owner.countRejection(RejectionReason.HEADER_TIMEOUT);
    stream.close();
    GEN_LOG.debug(
        "no request head from {} within {}; closed", context.address(), params.headerTimeout());
  }

  private void onHead(byte[] bytes, Throwable error) {
    headSettled = true;
    owner.disarmHeadDeadline();
    if (error != null) {
      headNotRead(error);
      return;
    }
    try {
      head = RequestHead.parse(bytes);
    } catch (RequestRejectedException e) {
      reject(e);
      return;
    }
    startRequest();
  }

  private void headNotRead(Throwable error) {
    if (error instanceof UnsatisfiableReadException) {
      rejectOversizedHead();
    } else {
      finishReading(false);
    }
  }

  /**
   * The head did not end within {@code maxHeaderSize}: 414 when the request line alone is longer
   * (RFC 9112 §3: a request-target longer than the server will parse gets 414), 431 otherwise. The
   * over-long head is still buffered, so looking for the first line end completes at once.
   */
  private void rejectOversizedHead() {
    int max = params.maxHeaderSize();
    stream
        .readUntilOrFail(LF, max)
        .whenComplete(
            (line, error) -> {
              if (error == null) {
                reject(
                    new RequestRejectedException(
                        431,
                        RejectionReason.HEADER_TOO_LARGE,
                        "request head exceeds " + max + " bytes"));
              } else if (error instanceof UnsatisfiableReadException) {
                reject(
                    new RequestRejectedException(
                        414,
                        RejectionReason.URI_TOO_LONG,
                        "request line exceeds " + max + " bytes"));
              } else {
                finishReading(false);
              }
            });
  }

  /** A valid head: the connection is busy, and the delegate sees the head before any body. */
  private void startRequest() {
    phase = phase.to(RequestPhase.READING_BODY);
    owner.markBusy();
    response.start(head, owner.keepAliveAllowed() && head.keepAliveRequested);
    context = owner.resolveContext(head.headers);
    if (params.decompress() && head.gzipBody && head.framing != RequestHead.Framing.NONE) {
      startDecoding();
    }
    CompletionStage<?> ready;
    try {
      ready = delegate.headersReceived(head.startLine, head.headers);
    } catch (RuntimeException e) {
      handlerFailed(e);
      return;
    }
    if (ready == null) {
      // The usual case: nothing to wait for, so no callback is made (see HeadArrival for why).
      if (!phase.ended()) {
        startBody();
      }
    } else {
      whenReady(ready, this::startBody);
    }
  }

  /** Tornado's _GzipMessageDelegate: the handler sees the decoded body and where it came from. */
  private void startDecoding() {
    gzip = new GzipDecoder(maxBodySize, params.chunkSize());
    head.headers.add("X-Consumed-Content-Encoding", head.headers.get("Content-Encoding"));
    head.headers.remove("Content-Encoding");
  }

  // ---------------------------------------------------------------- body framing

  /** Reads the body as its framing says, after the size check and {@code 100 Continue}. */
  private void startBody() {
    switch (head.framing) {
      case NONE -> bodyDone();
      case FIXED -> {
        if (head.contentLength > maxBodySize) {
          reject(tooLarge());
        } else {
          beforeBody();
          readFixed(head.contentLength, this::bodyDone);
        }
      }
      case CHUNKED -> {
        beforeBody();
        readChunkSizeLine();
      }
    }
  }

  private void beforeBody() {
    if (head.expectContinue && !response.started()) {
      stream.write(CONTINUE);
    }
    if (bodyTimeout != null) {
      timer = loop.callLater(bodyTimeout, this::bodyTimedOut);
    }
  }

  private RequestRejectedException tooLarge() {
    return new RequestRejectedException(
        413, RejectionReason.BODY_TOO_LARGE, "request body exceeds " + maxBodySize + " bytes");
  }

  private void bodyTimedOut() {
    GEN_LOG.info(
        "request body from {} not read within {}; closing", context.address(), bodyTimeout);
    owner.countRejection(RejectionReason.BODY_TIMEOUT);
    stream.close();
  }

  /** Reads {@code remaining} body bytes in chunkSize pieces, then runs {@code then}. */
  private void readFixed(long remaining, Runnable then) {
    if (remaining == 0) {
      then.run();
      return;
    }
    int want = (int) Math.min(remaining, params.chunkSize());
    stream
        .readBytes(want, true)
        .whenComplete(
            (data, error) -> {
              if (error != null) {
                finishReading(false);
                return;
              }
              deliver(data, () -> readFixed(remaining - data.length, then));
            });
  }

  /** RFC 9112 §7.1: chunk-size [ chunk-ext ] CRLF, HEXDIG only, CRLF only. */
  private void readChunkSizeLine() {
    stream
        .readUntilOrFail(LF, MAX_CHUNK_LINE)
        .whenComplete(
            (line, error) -> {
              if (error != null) {
                failRead(error, "chunk size line exceeds " + MAX_CHUNK_LINE + " bytes");
                return;
              }
              long size;
              try {
                size = ChunkedBody.parseSizeLine(line);
              } catch (RequestRejectedException e) {
                reject(e);
                return;
              }
              onChunkSize(size);
            });
  }

  private void onChunkSize(long size) {
    if (size == 0) {
      readTrailers(0);
      return;
    }
    if (bodyRead + size > maxBodySize) {
      reject(tooLarge());
      return;
    }
    readFixed(size, this::readChunkEnd);
  }

  private void readChunkEnd() {
    stream
        .readBytes(2)
        .whenComplete(
            (end, error) -> {
              if (error != null) {
                finishReading(false);
              } else if (end[0] != '\r' || end[1] != '\n') {
                reject(RequestRejectedException.badRequest("chunk data not followed by CRLF"));
              } else {
                readChunkSizeLine();
              }
            });
  }

  /** RFC 9112 §7.1.2: trailer fields are read (bounded by maxHeaderSize) and discarded. */
  private void readTrailers(int seen) {
    int left = params.maxHeaderSize() - seen;
    if (left <= 0) {
      reject(
          new RequestRejectedException(
              431, RejectionReason.HEADER_TOO_LARGE, "trailer section too large"));
      return;
    }
    stream
        .readUntilOrFail(LF, left)
        .whenComplete(
            (line, error) -> {
              if (error != null) {
                failRead(error, "trailer section too large");
              } else {
                onTrailerLine(line, seen + line.length);
              }
            });
  }

  private void onTrailerLine(byte[] line, int seen) {
    boolean end;
    try {
      end = ChunkedBody.isEndOfTrailers(line);
    } catch (RequestRejectedException e) {
      reject(e);
      return;
    }
    if (end) {
      bodyDone();
    } else {
      readTrailers(seen);
    }
  }

  private void failRead(Throwable error, String limitMessage) {
    if (error instanceof UnsatisfiableReadException) {
      reject(RequestRejectedException.badRequest(limitMessage));
    } else {
      finishReading(false);
    }
  }

  // ---------------------------------------------------------------- delivery

  /** Hands a body piece to the delegate; continues when the stage it returns completes. */
  private void deliver(byte[] data, Runnable next) {
    if (drop != null) {
      if (drop.take(data.length)) {
        next.run();
      }
      return;
    }
    bodyRead += data.length;
    if (bodyRead > maxBodySize) {
      reject(tooLarge());
      return;
    }
    if (gzip != null) {
      deliverDecoded(data, next);
      return;
    }
    deliverPlain(data, next);
  }

  /** Inflates a compressed piece and hands each decoded chunk over in order. */
  private void deliverDecoded(byte[] data, Runnable next) {
    ArrayDeque<byte[]> decoded = new ArrayDeque<>();
    try {
      gzip.decode(ByteBuffer.wrap(data), chunk -> decoded.add(copy(chunk)));
    } catch (GzipDecoder.OutputLimitException e) {
      reject(tooLarge());
      return;
    } catch (HTTPInputException e) {
      reject(RequestRejectedException.badRequest("invalid gzip body: " + e.getMessage()));
      return;
    }
    deliverEach(decoded, next);
  }

  private void deliverEach(ArrayDeque<byte[]> chunks, Runnable next) {
    byte[] chunk = chunks.poll();
    if (chunk == null) {
      next.run();
    } else {
      deliverPlain(chunk, () -> deliverEach(chunks, next));
    }
  }

  private static byte[] copy(ByteBuffer chunk) {
    byte[] bytes = new byte[chunk.remaining()];
    chunk.get(bytes);
    return bytes;
  }

  private void deliverPlain(byte[] data, Runnable next) {
    CompletionStage<?> ready;
    try {
      ready = delegate.dataReceived(ByteBuffer.wrap(data));
    } catch (RuntimeException e) {
      handlerFailed(e);
      return;
    }
    whenReady(ready, next);
  }

  /**
   * Runs {@code next} at once when {@code ready} is null, unless the delegate detached; otherwise
   * once {@code ready} completed, on the loop thread, unless the request ended or the connection
   * closed meanwhile.
   */
  private void whenReady(CompletionStage<?> ready, Runnable next) {
    if (ready == null) {
      if (!phase.ended()) {
        next.run();
      }
      return;
    }
    ready.whenComplete(
        (v, error) -> {
          if (!loop.inLoopThread()) {
            loop.addCallback(() -> afterStage(error, next));
          } else {
            afterStage(error, next);
          }
        });
  }

  private void afterStage(Throwable error, Runnable next) {
    if (error != null) {
      handlerFailed(error instanceof CompletionException ? error.getCause() : error);
    } else if (!phase.ended() && !stream.closed()) {
      next.run();
    }
  }

  // ---------------------------------------------------------------- finish

  private void bodyDone() {
    if (drop != null) {
      // The body was dropped whole, and the stream reads greedily: whatever followed it (a
      // pipelined request) is in its buffer, not the kernel's, so the close resets nothing.
      finishReading(false);
      return;
    }
    cancelTimer();
    if (gzip != null && !finishDecoding()) {
      return;
    }
    phase = phase.to(RequestPhase.BODY_READ);
    try {
      delegate.finish();
    } catch (RuntimeException e) {
      handlerFailed(e);
      return;
    }
    if (response.ended()) {
      // The usual case, a response ended within finish(): no callback is made for it.
      afterResponseEnded(response.endError());
    } else {
      response.whenEnded(this::afterResponseEnded);
    }
  }

  /** Whether the compressed body ended well; a truncated or corrupt one is refused. */
  private boolean finishDecoding() {
    try {
      gzip.finish();
      return true;
    } catch (HTTPInputException e) {
      reject(RequestRejectedException.badRequest("invalid gzip body: " + e.getMessage()));
      return false;
    } finally {
      gzip.end();
    }
  }

  /**
   * The next request may be read as soon as this response is finished and little of it is still
   * queued, so that the answers to pipelined requests leave in one write; a closing response, or
   * one with much still queued, is waited for until it reached the kernel.
   */
  private void afterResponseEnded(Throwable error) {
    if (error != null) {
      finishReading(false);
    } else if (response.keepAlive() && stream.writeBufferSize() <= params.chunkSize()) {
      finishReading(true);
    } else {
      response.whenFinished().whenComplete((v, e) -> finishReading(e == null));
    }
  }

  /**
   * Ends this request (once; later calls do nothing): the connection goes on only if the body was
   * read, the response finished cleanly and keeps the connection alive, and the stream is open.
   */
  private void finishReading(boolean clean) {
    if (phase.ended()) {
      return;
    }
    releaseReading();
    if (phase == RequestPhase.READING_BODY) {
      tellConnectionClosed();
    }
    boolean keepAlive =
        clean && phase == RequestPhase.BODY_READ && response.keepAlive() && !stream.closed();
    phase = phase.to(RequestPhase.DONE);
    owner.requestDone(keepAlive);
  }

  /** The delegate saw the head but will never see {@code finish}; told once. */
  private void tellConnectionClosed() {
    if (delegateReleased) {
      return;
    }
    delegateReleased = true;
    try {
      delegate.onConnectionClose();
    } catch (RuntimeException e) {
      APP_LOG.error("Exception in onConnectionClose for {}", describe(), e);
    }
  }

  private void releaseReading() {
    cancelTimer();
    if (drop != null) {
      drop.cancel();
    }
    if (gzip != null) {
      gzip.end();
    }
  }

  /** The response in progress will close the connection when it ends. */
  void closeAfterResponse() {
    response.closeAfter();
  }

  /** Connection closed under this request (the close callback). */
  void connectionClosed() {
    finishReading(false);
  }

  private void reject(RequestRejectedException rejection) {
    if (drop != null) {
      stream.close(); // a body being dropped after an early answer: its framing no longer matters
      return;
    }
    cancelTimer();
    owner.countRejection(rejection.reason());
    GEN_LOG.info(
        "Refused request from {} with {}: {}",
        context.address(),
        rejection.status(),
        rejection.getMessage());
    if (!response.started()) {
      owner.lingerAfterRejection();
      response
          .writeRejection(rejection.status(), rejectionBody(rejection))
          .whenComplete((v, e) -> afterRejectionWritten(e));
    } else {
      stream.close();
    }
    finishReading(false);
  }

  /** The delegate's body for a refusal; none for a HEAD request or when the delegate failed. */
  private RejectionBody rejectionBody(RequestRejectedException rejection) {
    if (head != null && head.startLine.method().equals("HEAD")) {
      return null;
    }
    try {
      return delegate.rejected(rejection.status(), rejection.reason());
    } catch (RuntimeException e) {
      APP_LOG.error("Exception in rejected for {}", describe(), e);
      return null;
    }
  }

  private void afterRejectionWritten(Throwable error) {
    if (error != null) {
      stream.close();
    } else {
      LingeringClose.start(stream);
    }
  }

  private void handlerFailed(Throwable error) {
    APP_LOG.error("Uncaught exception handling {}", describe(), error);
    if (!response.started() && !stream.closed()) {
      response.writeRejection(500, null).whenComplete((v, e) -> stream.close());
    } else {
      stream.close();
    }
    finishReading(false);
  }

  private String describe() {
    return head == null
        ? "request from " + context.address()
        : head.startLine.method()
            + " "
            + head.startLine.uri()
            + " "
            + head.startLine.version()
            + " ("
            + context.remoteIp()
            + ")";
  }

  private void cancelTimer() {
    if (timer != null) {
      loop.removeTimeout(timer);
      timer = null;
    }
  }

  // ---------------------------------------------------------------- HTTPConnection

  @Override
  public CompletableFuture<Void> writeHeaders(
      ResponseStartLine startLine, HTTPHeaders headers, ByteBuffer chunk) {
    loop.checkThread();
    if (head == null) {
      throw new IllegalStateException("writeHeaders in request phase " + phase + ": no head yet");
    }
    // Answered before the body was read: the connection cannot be reused (tornado.md Q9).
    boolean earlyResponse = phase == RequestPhase.READING_BODY;
    return response.writeHeaders(startLine, headers, chunk, earlyResponse);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The {@code Content-Length} is encoded with the head, without a copy of {@code headers}; a
   * small body goes in the same write.
   */
  @Override
  public CompletableFuture<Void> respond(
      ResponseStartLine startLine, HTTPHeaders headers, byte[] body) {
    loop.checkThread();
    if (head == null) {
      throw new IllegalStateException("respond in request phase " + phase + ": no head yet");
    }
    boolean earlyResponse = phase == RequestPhase.READING_BODY;
    CompletableFuture<Void> written =
        response.respond(
            startLine, headers == null ? new HTTPHeaders() : headers, body, earlyResponse);
    afterEarlyEnd();
    return written;
  }

  @Override
  public CompletableFuture<Void> write(ByteBuffer chunk) {
    loop.checkThread();
    return response.write(chunk);
  }

  @Override
  public CompletableFuture<Void> finish() {
    loop.checkThread();
    CompletableFuture<Void> finished = response.finish();
    afterEarlyEnd();
    return finished;
  }

  /** When the response just ended before the body was read: the rest follows its last write. */
  private void afterEarlyEnd() {
    if (phase == RequestPhase.READING_BODY && response.ended()) {
      response.whenFinished().whenComplete((v, error) -> answeredEarly(error));
    }
  }

  /**
   * An early answer reached the kernel (or failed): the request ends for the delegate, and the rest
   * of the body is dropped ({@link LingeringClose#ofBody}) before the close.
   */
  private void answeredEarly(Throwable error) {
    if (phase != RequestPhase.READING_BODY || stream.closed()) {
      return;
    }
    if (error != null) {
      finishReading(false);
      return;
    }
    tellConnectionClosed();
    cancelTimer();
    drop = LingeringClose.ofBody(stream);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Allowed until the request is done. After the connection closed under the request it returns
   * the closed stream and changes nothing; after the request completed on an open connection it
   * throws {@link IllegalStateException}, since the stream then carries the next request.
   */
  @Override
  public IOStream detach() {
    loop.checkThread();
    if (phase == RequestPhase.DONE && stream.closed()) {
      return stream;
    }
    phase = phase.to(RequestPhase.DETACHED);
    releaseReading();
    owner.detached();
    return stream;
  }

  @Override
  public void setMaxBodySize(long size) {
    if (size <= 0) {
      throw new IllegalArgumentException("maxBodySize: " + size + " (expected: > 0)");
    }
    this.maxBodySize = size;
  }

  @Override
  public void setBodyTimeout(Duration timeout) {
    this.bodyTimeout = timeout;
  }

  @Override
  public RequestContext context() {
    return context;
  }

  @Override
  public SocketAddress localAddress() {
    return stream.localAddress();
  }

  @Override
  public Optional<SSLSession> sslSession() {
    return stream instanceof SSLIOStream tls
        ? Optional.ofNullable(tls.session())
        : Optional.empty();
  }

  @Override
  public CompletionStage<Void> whenClosed() {
    return owner.whenClosed();
  }
}
