package io.github.tornadoserver.sample;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.spring.http.Exchange;
import io.github.tornadoserver.spring.http.RequestHandler;
import io.github.tornadoserver.spring.http.Route;
import java.util.Arrays;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/**
 * {@code GET /stream?n=N&size=S}: N writes of S bytes {@code x}, each sent (handed to the kernel)
 * before the next, without a Content-Length, so an HTTP/1.1 client sees N chunks. Bounds: N up to
 * 10000 (default 10), S up to 1 MiB (default 1024), N times S up to 100 MiB.
 */
@Component
@Route(path = "/stream", methods = "GET")
final class StreamingHandler implements RequestHandler {
  static final long MAX_CHUNKS = 10_000;
  static final long MAX_CHUNK_SIZE = 1024 * 1024;
  static final long MAX_TOTAL = 100L * 1024 * 1024;

  @Override
  public void handle(Exchange exchange) {
    OptionalLong n = Parameters.bounded(exchange, "n", 10, 0, MAX_CHUNKS);
    if (n.isEmpty()) {
      return;
    }
    OptionalLong size = Parameters.bounded(exchange, "size", 1024, 0, MAX_CHUNK_SIZE);
    if (size.isEmpty()) {
      return;
    }
    if (n.getAsLong() * size.getAsLong() > MAX_TOTAL) {
      Parameters.reject(
          exchange,
          "n*size: " + n.getAsLong() * size.getAsLong() + " (expected: at most " + MAX_TOTAL + ")");
      return;
    }
    HTTPHeaders headers = new HTTPHeaders();
    headers.set("Content-Type", "text/plain");
    exchange.writeHeaders(200, headers);
    byte[] chunk = new byte[(int) size.getAsLong()];
    Arrays.fill(chunk, (byte) 'x');
    writeChunks(exchange, chunk, n.getAsLong());
  }

  /** One write, then the next once it was sent; a failed write (the client left) ends it. */
  private static void writeChunks(Exchange exchange, byte[] chunk, long left) {
    if (left == 0) {
      exchange.finish();
      return;
    }
    exchange
        .write(chunk)
        .thenRun(() -> exchange.ioLoop().addCallback(() -> writeChunks(exchange, chunk, left - 1)));
  }
}
