package io.github.tornadoserver.benchmarks;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPInputException;
import io.github.tornadoserver.httputil.RequestStartLine;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parsing a typical browser request head (start line and eight headers, about 400 bytes) through
 * the public API, from the received bytes as the server does: {@link RequestStartLine#parse(byte[],
 * int, int)} on the start line and {@link HTTPHeaders#parse(byte[], int, int)} on the header block.
 * Run with {@code -prof gc} to see the bytes allocated per head.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HeadParseBenchmark {
  /** A Firefox-like GET, as it arrives on the wire. */
  static final String HEAD =
      "GET /static/app.js?v=3 HTTP/1.1\r\n"
          + "Host: www.example.com\r\n"
          + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
          + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
          + "Accept-Language: en-US,en;q=0.5\r\n"
          + "Accept-Encoding: gzip, deflate, br\r\n"
          + "Connection: keep-alive\r\n"
          + "Cookie: session=7f3a9c1e2b4d6f80; theme=dark\r\n"
          + "Cache-Control: max-age=0\r\n"
          + "\r\n";

  private byte[] head;
  private int lineEnd;

  @Setup
  public void setUp() {
    head = HEAD.getBytes(StandardCharsets.ISO_8859_1);
    lineEnd = HEAD.indexOf("\r\n");
  }

  /** Parses the start line, then the header block, in place. */
  @Benchmark
  public void parseHead(Blackhole bh) throws HTTPInputException {
    bh.consume(RequestStartLine.parse(head, 0, lineEnd));
    bh.consume(HTTPHeaders.parse(head, lineEnd + 2, head.length));
  }
}
