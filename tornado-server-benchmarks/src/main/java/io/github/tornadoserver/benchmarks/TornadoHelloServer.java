package io.github.tornadoserver.benchmarks;

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
import java.util.concurrent.CompletionStage;

/**
 * The core {@link HTTPServer} answering {@code GET /plaintext} with {@code Hello, World!} (404 for
 * anything else), on one loop, through the raw {@link HTTPServerConnectionDelegate}: the fastest
 * path we offer. Usage: {@code TornadoHelloServer <port>}; binds 127.0.0.1 with a backlog of {@link
 * #BACKLOG}.
 */
public final class TornadoHelloServer {
  private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
  private static final String BODY_LENGTH = Integer.toString(BODY.length);
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
    HTTPServer server = HTTPServer.builder(TornadoHelloServer::startRequest).build();
    server.listen(port, ListenOptions.defaults().withAddress("127.0.0.1").withBacklog(BACKLOG));
    System.out.println("tornado listening on 127.0.0.1:" + port);
    IOLoop.current().start();
  }

  private static HTTPMessageDelegate startRequest(Object server, HTTPConnection connection) {
    return new Hello(connection);
  }

  /** One request: remembers whether it asked for the plaintext page, answers when it is read. */
  private static final class Hello implements HTTPMessageDelegate {
    private final HTTPConnection connection;
    private boolean plaintext;

    Hello(HTTPConnection connection) {
      this.connection = connection;
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
        headers.add("Content-Length", BODY_LENGTH);
        connection.writeHeaders(OK, headers, ByteBuffer.wrap(BODY));
      } else {
        headers.add("Content-Length", "0");
        connection.writeHeaders(NOT_FOUND, headers, null);
      }
      connection.finish();
    }
  }
}
