package io.github.tornadoserver.http1connection;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.github.tornadoserver.httputil.HTTPConnection;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPMessageDelegate;
import io.github.tornadoserver.httputil.RejectionBody;
import io.github.tornadoserver.httputil.RejectionReason;
import io.github.tornadoserver.httputil.RequestContext;
import io.github.tornadoserver.httputil.RequestStartLine;
import io.github.tornadoserver.httputil.ResponseStartLine;
import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.iostream.MemoryStreams;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * One {@link HTTP1ServerConnection} over a memory stream, with no socket: the test sends request
 * bytes, which the connection reads in pieces of the chosen size, and reads back the exact bytes
 * written, while a recording delegate notes every call the connection makes on it ({@code head},
 * {@code data}, {@code finish}, {@code close}) and answers each finished request with {@link
 * #answer}. Loop thread only (the test thread, which owns the loop).
 */
final class MemoryConnection {
  static final Duration BOUND = Duration.ofSeconds(5);

  /** How a finished request is answered; the default echoes method, URI and body. */
  interface Answer {
    void answer(HTTPConnection connection, RequestStartLine start, String body);
  }

  static final Answer ECHO =
      (connection, start, body) -> {
        byte[] text = (start.method() + " " + start.uri() + " " + body).getBytes(ISO_8859_1);
        HTTPHeaders headers = new HTTPHeaders();
        headers.add("Content-Length", Integer.toString(text.length));
        connection.writeHeaders(ResponseStartLine.of(200), headers, ByteBuffer.wrap(text));
        connection.finish();
      };

  final IOLoop loop;
  final MemoryStreams.Pair pair;
  final HTTP1ServerConnection server;
  final List<String> events = new ArrayList<>();
  final List<String> rejections = new ArrayList<>();

  /** Each {@code rejected} call the delegates saw, as "status reason". */
  final List<String> refusalsSeen = new ArrayList<>();

  /** The body the delegates give a refusal; null for none. */
  RejectionBody refusalBody;

  int largestChunk;
  private final Answer answer;

  MemoryConnection(IOLoop loop, int piece, HTTP1ConnectionParameters params, Answer answer) {
    this.loop = loop;
    this.answer = answer;
    this.pair = MemoryStreams.pair(loop, piece);
    RequestContext context =
        new RequestContext(pair.stream().remoteAddress(), "127.0.0.1", "http", List.of());
    this.server =
        new HTTP1ServerConnection(
            pair.stream(), params, context, reason -> rejections.add(reason.tag()));
    server.startServing((serverConnection, request) -> new Recorder(request));
  }

  MemoryConnection(IOLoop loop, int piece) {
    this(loop, piece, HTTP1ConnectionParameters.defaults(), ECHO);
  }

  /** Parameters with small limits: 1 KiB of head, 100 bytes of body. */
  static HTTP1ConnectionParameters smallLimits() {
    return new HTTP1ConnectionParameters(
        false, 16, 1024, HTTP1ConnectionParameters.DEFAULT_HEADER_TIMEOUT, 100, null, false, 0);
  }

  void send(String bytes) {
    pair.peer().send(bytes);
  }

  /** Everything written back so far, with each {@code Date} header's value replaced by "*". */
  String written() {
    return pair.peer().receivedText().replaceAll("Date: [^\r]*\r\n", "Date: *\r\n");
  }

  /** Runs the loop until the connection has ended. */
  String untilClosed() {
    runUntil(() -> server.whenClosed().isDone());
    return written();
  }

  /** Runs the loop until {@code text} was written back {@code times} times in all. */
  String untilWritten(String text, int times) {
    runUntil(() -> count(written(), text) >= times);
    return written();
  }

  /** Runs the loop until the peer's bytes were all read and the connection waits for more. */
  String untilIdle() {
    runUntil(() -> pair.peer().unread() == 0 && !server.busy());
    return written();
  }

  private static int count(String haystack, String needle) {
    int n = 0;
    for (int at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
      n++;
    }
    return n;
  }

  /** Runs the loop, checking {@code condition} once per iteration, for at most {@link #BOUND}. */
  void runUntil(BooleanSupplier condition) {
    try {
      loop.runSync(() -> poll(condition), BOUND);
    } catch (TimeoutException e) {
      throw new AssertionError("timed out; written so far: " + written() + "; events: " + events);
    }
  }

  private CompletableFuture<Void> poll(BooleanSupplier condition) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Runnable[] check = new Runnable[1];
    check[0] =
        () -> {
          if (condition.getAsBoolean()) {
            done.complete(null);
          } else {
            loop.addCallback(check[0]);
          }
        };
    loop.addCallback(check[0]);
    return done;
  }

  /** Notes each call and answers when the request is complete. */
  private final class Recorder implements HTTPMessageDelegate {
    private final HTTPConnection connection;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private RequestStartLine start;

    Recorder(HTTPConnection connection) {
      this.connection = connection;
    }

    @Override
    public CompletionStage<?> headersReceived(RequestStartLine startLine, HTTPHeaders headers) {
      start = startLine;
      events.add("head " + startLine.method() + " " + startLine.uri() + " " + startLine.version());
      return null;
    }

    @Override
    public CompletionStage<?> dataReceived(ByteBuffer chunk) {
      byte[] bytes = new byte[chunk.remaining()];
      chunk.get(bytes);
      largestChunk = Math.max(largestChunk, bytes.length);
      body.write(bytes, 0, bytes.length);
      return null;
    }

    @Override
    public void finish() {
      String text = body.toString(ISO_8859_1);
      events.add("finish " + text);
      answer.answer(connection, start, text);
    }

    @Override
    public void onConnectionClose() {
      events.add("close");
    }

    @Override
    public RejectionBody rejected(int status, RejectionReason reason) {
      refusalsSeen.add(status + " " + reason.tag());
      return refusalBody;
    }
  }
}
