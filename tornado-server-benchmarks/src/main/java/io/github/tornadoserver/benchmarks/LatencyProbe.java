package io.github.tornadoserver.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A paced latency probe: one keep-alive connection that sends {@code GET /plaintext} at a fixed
 * rate while the load generator runs, and prints the latency percentiles of its own requests.
 *
 * <p>Why it exists: wrk corrects its latency histogram for coordinated omission with an interval
 * computed from responses per connection, which under pipelining is the depth times too short; the
 * correction then adds counts below the recorded minimum that its percentile walk never visits, so
 * wrk prints 0 (or a value that is too low) for high percentiles of pipelined runs. The probe's
 * figures are what one more client sees of a loaded server, and they are measured the same way for
 * every server.
 *
 * <p>Pacing: request {@code i} is due at {@code start + i / rate}; latency is measured from the
 * time it was due, so a server that stalls is charged for the requests the probe could not send
 * meanwhile (no coordinated omission). The first second is a warm-up of the probe's own JVM and is
 * not recorded. Usage: {@code LatencyProbe <port> <seconds> [rate/s]}, where the seconds include
 * the warm-up, and the rate defaults to 100. Keep the rate well under what one connection gets from
 * the loaded server (its req/s over its connection count): a closed-loop probe that asks for more
 * queues behind its own requests and measures that instead. Prints one line: {@code probe
 * requests=N p50_ms=.. p99_ms=.. max_ms=..} (N counts recorded requests); exits 1 on an I/O error
 * or a response that is not 200.
 */
public final class LatencyProbe {
  private static final byte[] REQUEST =
      "GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_HEAD = 8192;
  private static final long WARMUP_NANOS = TimeUnit.SECONDS.toNanos(1);

  private LatencyProbe() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: LatencyProbe <port> <seconds> [rate/s]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    long seconds = Long.parseLong(args[1]);
    int rate = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    if (seconds <= 1 || rate <= 0 || rate > 100_000) {
      System.err.println(
          "seconds: "
              + seconds
              + ", rate: "
              + rate
              + " (expected: seconds > 1, 0 < rate <= 100000)");
      System.exit(2);
    }
    long[] latencies = new long[(int) Math.min(Integer.MAX_VALUE - 8, seconds * rate + 1)];
    int count = 0;
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(10_000);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[MAX_HEAD];
      long start = System.nanoTime();
      long recordFrom = start + WARMUP_NANOS;
      long end = start + TimeUnit.SECONDS.toNanos(seconds);
      for (long due = start; due < end && count < latencies.length; due += interval) {
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        out.write(REQUEST);
        out.flush();
        readResponse(in, buffer);
        if (due >= recordFrom) {
          latencies[count++] = System.nanoTime() - due;
        }
      }
    } catch (IOException e) {
      System.err.println("probe failed after " + count + " requests: " + e);
      System.exit(1);
    }
    long[] sorted = Arrays.copyOf(latencies, count);
    Arrays.sort(sorted);
    System.out.printf(
        "probe requests=%d p50_ms=%.3f p99_ms=%.3f max_ms=%.3f%n",
        count,
        millis(percentile(sorted, 50)),
        millis(percentile(sorted, 99)),
        millis(count == 0 ? 0 : sorted[count - 1]));
  }

  /** Nearest-rank percentile of sorted values; 0 when there are none. */
  static long percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }

  /** Reads one response with a Content-Length body; fails on anything but 200. */
  private static void readResponse(InputStream in, byte[] buffer) throws IOException {
    int filled = 0;
    int headEnd = -1;
    while (headEnd < 0) {
      if (filled == buffer.length) {
        throw new IOException("response head over " + MAX_HEAD + " bytes");
      }
      int n = in.read(buffer, filled, buffer.length - filled);
      if (n < 0) {
        throw new IOException("connection closed after " + filled + " bytes of a response");
      }
      filled += n;
      headEnd = indexOfHeadEnd(buffer, filled);
    }
    String head = new String(buffer, 0, headEnd, StandardCharsets.ISO_8859_1);
    if (!head.startsWith("HTTP/1.1 200 ")) {
      throw new IOException("unexpected response: " + head.lines().findFirst().orElse(""));
    }
    long body = contentLength(head);
    long extra = filled - headEnd - body;
    if (extra > 0) {
      throw new IOException(extra + " unexpected bytes after the response");
    }
    for (long left = -extra; left > 0; ) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException("connection closed inside a response body");
      }
      left -= n;
    }
  }

  private static int indexOfHeadEnd(byte[] bytes, int length) {
    for (int i = 3; i < length; i++) {
      if (bytes[i] == '\n'
          && bytes[i - 1] == '\r'
          && bytes[i - 2] == '\n'
          && bytes[i - 3] == '\r') {
        return i + 1;
      }
    }
    return -1;
  }

  private static long contentLength(String head) throws IOException {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
        return Long.parseLong(line.substring(colon + 1).trim());
      }
    }
    throw new IOException("response without Content-Length");
  }
}
