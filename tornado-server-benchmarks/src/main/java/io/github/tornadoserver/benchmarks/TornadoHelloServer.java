package io.github.tornadoserver.benchmarks;

import io.github.tornadoserver.httpserver.AccessLog;
import io.github.tornadoserver.httpserver.Compression;
import io.github.tornadoserver.httpserver.HTTPServer;
import io.github.tornadoserver.httputil.HTTPConnection;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPMessageDelegate;
import io.github.tornadoserver.httputil.HTTPServerConnectionDelegate;
import io.github.tornadoserver.httputil.RequestStartLine;
import io.github.tornadoserver.httputil.ResponseStartLine;
import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.tcpserver.ListenOptions;
import io.github.tornadoserver.tls.SSLOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The core {@link HTTPServer} answering {@code GET /plaintext} with {@code Hello, World!}, {@code
 * GET /bulk} with {@link BulkBody#SIZE} bytes (404 for anything else), on one loop, through the raw
 * {@link HTTPServerConnectionDelegate}: the fastest path we offer. Usage: {@code TornadoHelloServer
 * <port> [options] [keyStore password]}; binds 127.0.0.1 with a backlog of {@link #BACKLOG}.
 *
 * <p>Options, comma-separated, to measure what a server feature costs per request: {@code 4k}
 * answers a 4 KiB text instead; {@code gzip} answers the same 4 KiB text with response compression
 * on (Boot's defaults); {@code access-log} writes Tornado's access line for every request; {@code
 * tls} serves TLS 1.3 only, with {@link BulkBody#TLS_CIPHER}, the PKCS#12 key store and password
 * that follow the options; {@code loops=N} serves on N loops ({@code bind} then {@code start(N)}:
 * every loop accepts on the one listening socket, or with {@code reuseport} on a socket of its own
 * bound with SO_REUSEPORT).
 */
public final class TornadoHelloServer {
  private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
  private static final ResponseStartLine OK = ResponseStartLine.of(200);
  private static final ResponseStartLine NOT_FOUND = ResponseStartLine.of(404);

  /**
   * The listen backlog, the same as the Netty baseline's {@code SO_BACKLOG}. With the default of
   * 128, wrk's burst of 256 connects overflows the accept queue: the kernel drops SYNs, and the
   * connections it drops sit idle for the one-second SYN retransmission timeout.
   */
  static final int BACKLOG = 1024;

  private TornadoHelloServer() {}

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    List<String> options = args.length > 1 ? List.of(args[1].split(",")) : List.of();
    HTTPServer.Builder builder = builder(options);
    if (options.contains("tls")) {
      if (args.length < 4) {
        throw new IllegalArgumentException(
            "option tls needs the key store and its password after the options, got "
                + args.length
                + " arguments");
      }
      builder.sslOptions(
          SSLOptions.keyStore(Path.of(args[2]), args[3].toCharArray())
              .protocols("TLSv1.3")
              .ciphers(BulkBody.TLS_CIPHER)
              .build());
    }
    int loops = intOption(options, "loops=", 1);
    HTTPServer server = builder.build();
    server.bind(
        port,
        ListenOptions.defaults()
            .withAddress("127.0.0.1")
            .withBacklog(BACKLOG)
            .withReusePort(options.contains("reuseport")));
    server.start(loops);
    System.out.println(
        "tornado listening on 127.0.0.1:"
            + port
            + " with "
            + loops
            + " loop(s), options "
            + options);
    if (loops == 1) {
      IOLoop.current().start();
    } // else the group's loop threads (not daemons) keep the process running
  }

  /** The value of an option {@code prefix + N}, or {@code otherwise} when it is absent. */
  static int intOption(List<String> options, String prefix, int otherwise) {
    for (String option : options) {
      if (option.startsWith(prefix)) {
        int value = Integer.parseInt(option.substring(prefix.length()));
        if (value < 1) {
          throw new IllegalArgumentException(option + ": expected at least 1");
        }
        return value;
      }
    }
    return otherwise;
  }

  /**
   * The hello server with {@code options} (see the class comment, TLS aside), not listening yet.
   */
  static HTTPServer server(List<String> options) {
    return builder(options).build();
  }

  private static HTTPServer.Builder builder(List<String> options) {
    boolean gzip = options.contains("gzip");
    byte[] body = gzip || options.contains("4k") ? text4k() : HELLO;
    return HTTPServer.builder((s, connection) -> new Hello(connection, body))
        .compression(gzip ? Compression.defaults() : Compression.off())
        .accessLog(
            options.contains("access-log")
                ? AccessLog.of(AccessLog.Format.TORNADO)
                : AccessLog.off());
  }

  /** About 4 KiB of varied text lines, as a small HTML or JSON answer would be. */
  private static byte[] text4k() {
    StringBuilder text = new StringBuilder(4200);
    for (int i = 0; text.length() < 4096; i++) {
      text.append("line ").append(i).append(": the quick brown fox jumps over dog ");
      text.append(i * 7919 % 1000).append('\n');
    }
    text.setLength(4096);
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** One request: remembers which page it asked for, answers when it is read. */
  private static final class Hello implements HTTPMessageDelegate {
    private final HTTPConnection connection;
    private final byte[] body;
    private boolean plaintext;
    private boolean bulk;

    Hello(HTTPConnection connection, byte[] body) {
      this.connection = connection;
      this.body = body;
    }

    @Override
    public CompletionStage<?> headersReceived(RequestStartLine startLine, HTTPHeaders headers) {
      boolean get = "GET".equals(startLine.method());
      plaintext = get && "/plaintext".equals(startLine.uri());
      bulk = get && "/bulk".equals(startLine.uri());
      return null;
    }

    @Override
    public void finish() {
      HTTPHeaders headers = new HTTPHeaders();
      if (bulk) {
        headers.add("Content-Type", "application/octet-stream");
        headers.add("Content-Length", Long.toString(BulkBody.SIZE));
        new BulkWriter(connection).start(connection.writeHeaders(OK, headers, null));
        return;
      }
      if (plaintext) {
        headers.add("Content-Type", "text/plain");
        headers.add("Content-Length", Integer.toString(body.length));
        connection.writeHeaders(OK, headers, ByteBuffer.wrap(body));
      } else {
        headers.add("Content-Length", "0");
        connection.writeHeaders(NOT_FOUND, headers, null);
      }
      connection.finish();
    }
  }

  /**
   * Streams {@link BulkBody#SIZE} bytes in {@link BulkBody#PIECE}-byte pieces, writing a piece only
   * when the previous write completed (its bytes reached the kernel), so at most one piece is
   * queued. Loop thread only; a write completed at once continues the loop without recursion.
   */
  private static final class BulkWriter {
    private final HTTPConnection connection;
    private long left = BulkBody.SIZE;

    BulkWriter(HTTPConnection connection) {
      this.connection = connection;
    }

    void start(CompletableFuture<Void> headersWritten) {
      whenWritten(headersWritten);
    }

    private void whenWritten(CompletableFuture<Void> previous) {
      CompletableFuture<Void> write = previous;
      while (write.isDone()) {
        if (write.isCompletedExceptionally()) {
          return; // the connection closed; the HTTP layer has logged what it needs to
        }
        if (left == 0) {
          connection.finish();
          return;
        }
        int n = (int) Math.min(left, BulkBody.PIECE);
        left -= n;
        write = connection.write(BulkBody.piece(n));
      }
      CompletableFuture<Void> pending = write;
      pending.whenComplete((ignored, error) -> whenWritten(pending));
    }
  }
}
