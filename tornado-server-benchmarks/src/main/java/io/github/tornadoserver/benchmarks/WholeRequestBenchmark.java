package io.github.tornadoserver.benchmarks;

import io.github.tornadoserver.httpserver.HTTPServer;
import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.iostream.ReplayConnection;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One whole HTTP/1.1 exchange per operation, with no socket: the bytes of {@code GET /plaintext}
 * (keep-alive) go into the server's stream, its response comes out, on one connection that stays
 * open for the whole run. {@code server=tornado} is the core {@link HTTPServer} of {@link
 * TornadoHelloServer}; {@code server=starter} is the {@code HTTPServer} the starter builds for
 * {@link StarterHelloServer} (its router, the exchange, the {@code http.server.requests}
 * observation on a simple meter registry); {@code server=starter-unobserved} is the same with that
 * observation switched off ({@code management.observations.enable.http.server.requests=false}), to
 * tell the observation's cost from the router's (Boot's predicate still runs for each request to
 * find it switched off); {@code server=starter-no-registry} is the starter with no observation
 * registry at all (Boot's observation auto-configuration excluded), so that it makes no observation
 * and asks no predicate: the router and the exchange alone; {@code server=starter-timer-only}
 * observes with the long task timer skipped ({@code
 * management.metrics.observations.ignored-meters=long-task-timer}, which the starter's meter
 * handler honours as Boot's does), to tell that timer's share. {@code pipelined=16} sends 16
 * requests per operation: divide its figures by 16 for one request. Run with {@code -prof gc} for
 * the bytes allocated per operation ({@code gc.alloc.rate.norm}).
 *
 * <p>The connection is handed to the server where its listener would hand an accepted one, the
 * server's private {@code handleStream} (reached by reflection, once per run). {@link #loopFloor}
 * is the harness alone: one loop turn and the callback that starts it.
 *
 * <p>Each measured iteration also prints the benchmark thread's CPU time per operation ({@code
 * thread CPU ns/op}): on a shared machine the wall-clock score includes time the thread waited for
 * a core, the CPU time does not.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WholeRequestBenchmark {
  static final String REQUEST =
      "GET /plaintext HTTP/1.1\r\n"
          + "Host: 127.0.0.1:8080\r\n"
          + "User-Agent: wrk\r\n"
          + "Accept: */*\r\n"
          + "\r\n";

  @Param({"tornado", "starter", "starter-unobserved", "starter-no-registry", "starter-timer-only"})
  public String server;

  @Param({"1", "16"})
  public int pipelined;

  private static final String OBSERVATION_AUTO_CONFIGURATION =
      "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration";

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ConfigurableApplicationContext context;
  private ReplayConnection connection;
  private long operations;
  private long cpuAtStart;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    HTTPServer http =
        server.startsWith("starter") ? starterServer(server) : TornadoHelloServer.server(List.of());
    connection =
        ReplayConnection.open(REQUEST.repeat(pipelined).getBytes(StandardCharsets.US_ASCII));
    serve(http, connection.stream(), connection.peer());
    String response = new String(connection.learnResponse(), StandardCharsets.ISO_8859_1);
    int answered = response.split("Hello, World!", -1).length - 1;
    if (!response.startsWith("HTTP/1.1 200 ") || answered != pipelined) {
      throw new IllegalStateException("unexpected response: " + response);
    }
    if (server.equals("starter") || server.equals("starter-timer-only")) {
      checkObserved();
    }
    if (server.equals("starter-no-registry") && context.containsBean("tornadoRequestObserver")) {
      throw new IllegalStateException("the starter observes requests: an ObservationRegistry?");
    }
  }

  private HTTPServer starterServer(String variant) {
    Map<String, String> settings = new HashMap<>();
    if (variant.equals("starter-unobserved")) {
      // Only when switching it off: any management.observations.enable.* entry makes Boot's
      // predicate look each observation's name up by its dotted prefixes, which an application
      // that keeps the default does not do.
      settings.put("management.observations.enable.http.server.requests", "false");
    }
    if (variant.equals("starter-no-registry")) {
      settings.put("spring.autoconfigure.exclude", OBSERVATION_AUTO_CONFIGURATION);
    }
    if (variant.equals("starter-timer-only")) {
      settings.put("management.metrics.observations.ignored-meters", "long-task-timer");
    }
    context = StarterHelloServer.startInProcess(settings);
    return context.getBean(HTTPServer.class);
  }

  /** The observation is on: the starter found an observation registry and observes routes. */
  private void checkObserved() {
    if (!context.containsBean("tornadoRequestObserver")) {
      throw new IllegalStateException("the starter observes no request: no ObservationRegistry?");
    }
  }

  private static void serve(HTTPServer http, IOStream stream, SocketAddress peer)
      throws ReflectiveOperationException {
    Method handleStream =
        HTTPServer.class.getDeclaredMethod("handleStream", IOStream.class, SocketAddress.class);
    handleStream.setAccessible(true);
    try {
      handleStream.invoke(http, stream, peer);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("the server refused the connection", e.getCause());
    }
  }

  @Setup(Level.Iteration)
  public void startIteration() {
    operations = 0;
    cpuAtStart = THREADS.getCurrentThreadCpuTime();
  }

  @TearDown(Level.Iteration)
  public void endIteration() {
    if (operations > 0) {
      long cpu = THREADS.getCurrentThreadCpuTime() - cpuAtStart;
      System.out.println("thread CPU ns/op: " + cpu / operations);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    connection.close();
    if (context != null) {
      context.close();
    }
  }

  /** Sends the requests and runs the loop until every response was written. */
  @Benchmark
  public void exchange() {
    connection.exchange();
    operations++;
  }

  /** The harness alone: one loop turn started by one callback. */
  @Benchmark
  public void loopFloor() {
    connection.loopFloor();
    operations++;
  }
}
