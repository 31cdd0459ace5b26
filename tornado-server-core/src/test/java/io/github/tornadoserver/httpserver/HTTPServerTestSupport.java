package io.github.tornadoserver.httpserver;

import io.github.tornadoserver.httputil.HTTPServerConnectionDelegate;
import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.testing.Loops;
import java.net.InetSocketAddress;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A loop on its own thread and an HTTP server on 127.0.0.1, port 0, per test. */
abstract class HTTPServerTestSupport {
  static final String GET = "GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n";

  IOLoop loop;
  HTTPServer server;

  @BeforeEach
  void startLoop() {
    loop = IOLoop.startInNewThread("http-loop", true);
  }

  @AfterEach
  void stopAll() {
    if (server != null) {
      server.stop();
      server.closeAllConnections();
    }
    Loops.stop(loop);
  }

  int start(HTTPServerConnectionDelegate delegate, UnaryOperator<HTTPServer.Builder> options) {
    return start(options.apply(HTTPServer.builder(delegate)));
  }

  int start(HTTPServer.Builder builder) {
    server = builder.build();
    Loops.run(loop, () -> server.listen(0, "127.0.0.1"));
    return ((InetSocketAddress) server.localAddresses().get(0)).getPort();
  }

  int start(HTTPServerConnectionDelegate delegate) {
    return start(delegate, b -> b);
  }

  /** Waits (5 s at most) until the server's open connection count satisfies {@code condition}. */
  void awaitConnectionCount(java.util.function.IntPredicate condition, String what) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    while (!condition.test(server.connectionCount())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "connection count " + server.connectionCount() + " never became " + what + " in 5 s");
      }
      Thread.onSpinWait();
    }
  }
}
