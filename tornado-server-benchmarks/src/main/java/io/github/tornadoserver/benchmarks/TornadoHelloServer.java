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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The core {@link HTTPServer} answering {@code GET /plaintext} with {@code Hello, World!} (404 for
 * anything else), on one loop, through the raw {@link HTTPServerConnectionDelegate}: the fastest
 * path we offer. Usage: {@code TornadoHelloServer <port> [options]}; binds 127.0.0.1 with a backlog
 * of {@link #BACKLOG}.
 *
 * <p>Options, comma-separated, to measure what a server feature costs per request: {@code 4k}
 * answers a 4 KiB text instead; {@code gzip} answers the same 4 KiB text with response compression
 * on (Boot's defaults); {@code access-log} writes Tornado's access line for every request.
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
    HTTPServer server = server(options);
    server.listen(port, ListenOptions.defaults().withAddress("127.0.0.1").withBacklog(BACKLOG));
    System.out.println("tornado listening on 127.0.0.1:" + port);
    IOLoop.current().start();
  }

  /** The hello server with {@code options} (see the class comment), not listening yet. */
  static HTTPServer server(List<String> options) {
    boolean gzip = options.contains("gzip");
    byte[] body = gzip || options.contains("4k") ? text4k() : HELLO;
    return HTTPServer.builder((s, connection) -> new Hello(connection, body))
        .compression(gzip ? Compression.defaults() : Compression.off())
        .accessLog(
            options.contains("access-log")
                ? AccessLog.of(AccessLog.Format.TORNADO)
                : AccessLog.off())
        .build();
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

  /** One request: remembers whether it asked for the plaintext page, answers when it is read. */
  private static final class Hello implements HTTPMessageDelegate {
    private final HTTPConnection connection;
    private final byte[] body;
    private boolean plaintext;

    Hello(HTTPConnection connection, byte[] body) {
      this.connection = connection;
      this.body = body;
    }

    @Override
    public CompletionStage<?> headersReceived(RequestStartLine startLine, HTTPHeaders headers) {
      plaintext = "GET".equals(startLine.method()) && "/plaintext".equals(startLine.uri());
      return null;
    }

    @Override
    public void finish() {
      HTTPHeaders headers = new HTTPHeaders();
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
}
