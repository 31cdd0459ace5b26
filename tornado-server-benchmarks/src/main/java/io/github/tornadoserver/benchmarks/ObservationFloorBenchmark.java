package io.github.tornadoserver.benchmarks;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * What one {@code http.server.requests} observation costs with none of tornado-server's code in it:
 * the floor under the starter's observed request, whatever the server. Each operation is one
 * request's worth of recording, on one thread.
 *
 * <ul>
 *   <li>{@code api}: Micrometer's Observation API alone (a registry with one handler that does
 *       nothing, a convention that answers constant key values): making the observation, starting
 *       and stopping it.
 *   <li>{@code boot} and {@code boot-timer-only}: the same observation on the observation registry
 *       that Spring Boot configures for {@link StarterHelloServer} (its predicate, its filters and
 *       its meter handler, which records a timer and, unless {@code
 *       management.metrics.observations.ignored-meters=long-task-timer}, a long task timer). The
 *       context is Micrometer's own, so the starter's handler leaves it to Boot's.
 *   <li>{@code boot-disabled}: the same, switched off by {@code
 *       management.observations.enable.http.server.requests=false}: what {@link
 *       WholeRequestBenchmark}'s {@code starter-unobserved} still pays per request for the
 *       observation it does not make.
 *   <li>{@code timer} and {@code timer-ltt}: the meters alone, without the Observation API: a timer
 *       sample started and stopped on a registered timer, and with it a long task timer's sample.
 * </ul>
 *
 * Compare the figures with {@link WholeRequestBenchmark}'s per request ({@code pipelined=16}
 * divided by 16): the starter's goal of 10% over the core server leaves that much for all of
 * routing and observation together.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ObservationFloorBenchmark {
  static final String NAME = "http.server.requests";
  static final KeyValues LOW =
      KeyValues.of(
          "exception", "none",
          "method", "GET",
          "outcome", "SUCCESS",
          "status", "200",
          "uri", "/plaintext");
  static final KeyValues HIGH = KeyValues.of("http.url", "/plaintext");

  @Param({"api", "boot", "boot-timer-only", "boot-disabled", "timer", "timer-ltt"})
  public String what;

  private ConfigurableApplicationContext context;
  private ObservationRegistry observations;
  private MeterRegistry meters;
  private Timer timer;
  private LongTaskTimer longTaskTimer;
  private DoNothing handler;

  @Setup(Level.Trial)
  public void setUp() {
    switch (what) {
      case "api" -> {
        observations = ObservationRegistry.create();
        handler = new DoNothing();
        observations.observationConfig().observationHandler(handler);
      }
      case "boot", "boot-timer-only", "boot-disabled" -> {
        context = bootContext(what);
        observations = context.getBean(ObservationRegistry.class);
        meters = context.getBean(MeterRegistry.class);
      }
      case "timer", "timer-ltt" -> {
        meters = new SimpleMeterRegistry();
        timer = Timer.builder(NAME).tags(tags()).register(meters);
        longTaskTimer = LongTaskTimer.builder(NAME + ".active").tags(tags()).register(meters);
      }
      default -> throw new IllegalArgumentException("unknown variant: " + what);
    }
  }

  private static String[] tags() {
    return LOW.stream().flatMap(kv -> Stream.of(kv.getKey(), kv.getValue())).toArray(String[]::new);
  }

  private static ConfigurableApplicationContext bootContext(String variant) {
    Map<String, String> settings = new HashMap<>();
    if (variant.equals("boot-timer-only")) {
      settings.put("management.metrics.observations.ignored-meters", "long-task-timer");
    }
    if (variant.equals("boot-disabled")) {
      settings.put("management.observations.enable." + NAME, "false");
    }
    return StarterHelloServer.startInProcess(settings);
  }

  /** The observations recorded what they should: a benchmark of nothing would be fast too. */
  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      if (handler != null && handler.stops == 0) {
        throw new IllegalStateException("the observation API reached no handler");
      }
      if (what.equals("boot-disabled")) {
        if (meters.find(NAME).timer() != null) {
          throw new IllegalStateException("the switched-off observation recorded a timer");
        }
      } else if (meters != null) {
        Timer recorded = meters.find(NAME).tags(tags()).timer();
        if (recorded == null || recorded.count() == 0) {
          throw new IllegalStateException(what + " recorded no " + NAME + " timer");
        }
        boolean wantsLongTask = what.equals("boot") || what.equals("timer-ltt");
        if (wantsLongTask && meters.find(NAME + ".active").longTaskTimer() == null) {
          throw new IllegalStateException(what + " registered no long task timer");
        }
      }
    } finally {
      if (context != null) {
        context.close();
      }
    }
  }

  /** One request's observation, or its meters alone. */
  @Benchmark
  public Object observe() {
    switch (what) {
      case "timer" -> {
        Timer.Sample sample = Timer.start(meters);
        return sample.stop(timer);
      }
      case "timer-ltt" -> {
        LongTaskTimer.Sample active = longTaskTimer.start();
        Timer.Sample sample = Timer.start(meters);
        long nanos = sample.stop(timer);
        active.stop();
        return nanos;
      }
      default -> {
        Observation observation =
            Observation.createNotStarted(
                    null, Constant.INSTANCE, Observation.Context::new, observations)
                .start();
        observation.stop();
        return observation;
      }
    }
  }

  /** The cheapest convention: the same key values for every request. */
  private static final class Constant implements ObservationConvention<Observation.Context> {
    static final Constant INSTANCE = new Constant();

    @Override
    public String getName() {
      return NAME;
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(Observation.Context context) {
      return LOW;
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(Observation.Context context) {
      return HIGH;
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }
  }

  private static final class DoNothing implements ObservationHandler<Observation.Context> {
    long stops;

    @Override
    public void onStop(Observation.Context context) {
      stops++;
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }
  }
}
