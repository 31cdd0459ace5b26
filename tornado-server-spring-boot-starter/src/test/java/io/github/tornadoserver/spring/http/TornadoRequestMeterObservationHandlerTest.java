package io.github.tornadoserver.spring.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * The handler must leave the registry exactly as Micrometer's {@link
 * DefaultMeterObservationHandler} would: each test runs the same observations through both, side by
 * side, and compares every meter's id, kind and count.
 */
class TornadoRequestMeterObservationHandlerTest {
  private static final DefaultTornadoRequestObservationConvention CONVENTION =
      new DefaultTornadoRequestObservationConvention();

  /** Micrometer's handler and ours, each on its own meter and observation registry. */
  private static final class Pair {
    /** One clock for both sides, which a test may move while an observation runs. */
    final MockClock clock = new MockClock();

    final MeterRegistry expected;
    final MeterRegistry actual;
    final ObservationRegistry expectedObservations = ObservationRegistry.create();
    final ObservationRegistry actualObservations = ObservationRegistry.create();

    Pair(boolean longTaskTimer) {
      this(longTaskTimer, false);
    }

    /**
     * @param composite whether each side's registry is a composite of a simple one (its long task
     *     timer is then not Micrometer's default kind)
     */
    Pair(boolean longTaskTimer, boolean composite) {
      expected = registry(composite);
      actual = registry(composite);
      IgnoredMeters[] ignored =
          longTaskTimer
              ? new IgnoredMeters[0]
              : new IgnoredMeters[] {IgnoredMeters.LONG_TASK_TIMER};
      expectedObservations
          .observationConfig()
          .observationHandler(new DefaultMeterObservationHandler(expected, ignored));
      actualObservations
          .observationConfig()
          .observationHandler(new TornadoRequestMeterObservationHandler(actual, longTaskTimer));
    }

    private MeterRegistry registry(boolean composite) {
      MeterRegistry simple = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
      return composite ? new CompositeMeterRegistry(clock, List.of(simple)) : simple;
    }

    /** Runs one observation of a request on both sides. */
    void observe(String method, String path, String route, int status, Throwable error) {
      observe(method, path, route, status, error, (meters, observation) -> {});
    }

    /** Runs one answered request, observed with {@code convention}, on both sides. */
    void observe(
        TornadoRequestObservationConvention convention, String method, String path, String route) {
      for (ObservationRegistry registry : List.of(expectedObservations, actualObservations)) {
        TornadoRequestObservationContext context = RequestContexts.request(method, path, route);
        Observation.createNotStarted(convention, CONVENTION, () -> context, registry)
            .start()
            .stop();
      }
    }

    /** Runs one answered {@code GET /items/1} on both sides. */
    void observeItem(BiConsumer<MeterRegistry, Observation> whileRunning) {
      observe("GET", "/items/1", "/items/{id}", 200, null, whileRunning);
    }

    /** The same, telling {@code whileRunning} each side's meter registry and observation. */
    void observe(
        String method,
        String path,
        String route,
        int status,
        Throwable error,
        BiConsumer<MeterRegistry, Observation> whileRunning) {
      for (int side = 0; side < 2; side++) {
        ObservationRegistry registry = side == 0 ? expectedObservations : actualObservations;
        TornadoRequestObservationContext context = RequestContexts.request(method, path, route);
        Observation observation =
            Observation.createNotStarted(null, CONVENTION, () -> context, registry).start();
        whileRunning.accept(side == 0 ? expected : actual, observation);
        context.setStatus(status);
        if (error != null) {
          observation.error(error);
        }
        observation.stop();
      }
    }

    void assertSameMeters() {
      assertThat(meters(actual)).isEqualTo(meters(expected)).isNotEmpty();
    }
  }

  /**
   * Every meter as "kind name tags" with its count (of samples, or of tasks still active) and, for
   * a timer, the total of the durations it recorded.
   */
  private static Map<String, Double> meters(MeterRegistry registry) {
    Map<String, Double> meters = new TreeMap<>();
    for (Meter meter : registry.getMeters()) {
      double count = Double.NaN;
      Meter.Id id = meter.getId();
      String name = id.getType() + " " + id.getName() + " " + id.getTags();
      if (meter instanceof Timer timer) {
        count = timer.count();
        meters.put(name + " total ns", timer.totalTime(TimeUnit.NANOSECONDS));
      } else if (meter instanceof LongTaskTimer active) {
        count = active.activeTasks();
      } else if (meter instanceof Counter counter) {
        count = counter.count();
      }
      meters.put(name, count);
    }
    return meters;
  }

  @Test
  void recordsTheSameTimersAsMicrometersHandler() {
    Pair pair = new Pair(true);
    for (int i = 0; i < 3; i++) {
      pair.observe("GET", "/items/" + i, "/items/{id}", 200, null);
    }
    pair.observe("POST", "/items/1", "/items/{id}", 201, null);
    pair.observe("GET", "/missing", null, 404, null);
    pair.observe("GET", "/items/9", "/items/{id}", 500, new IllegalStateException("boom"));
    pair.observe("GET", "/items/9", "/items/{id}", 500, new IllegalStateException("again"));
    pair.observe("BREW", "/pot", null, 501, null);
    pair.observe("GET", "/left", "/left", 0, null);
    pair.assertSameMeters();
    assertThat(pair.actual.get("http.server.requests").tag("uri", "/items/{id}").timers())
        .extracting(Timer::count)
        .containsExactlyInAnyOrder(3L, 1L, 2L);
    assertThat(
            pair.actual
                .get("http.server.requests")
                .tags("status", "500", "error", "IllegalStateException")
                .timer()
                .count())
        .isEqualTo(2);
  }

  @Test
  void countsAnObservationInProgressInTheLongTaskTimerAsMicrometersHandlerDoes() {
    Pair pair = new Pair(true);
    List<Integer> activeWhileRunning = new ArrayList<>();
    pair.observeItem(
        (meters, observation) ->
            activeWhileRunning.add(
                meters.get("http.server.requests.active").longTaskTimer().activeTasks()));
    assertThat(activeWhileRunning).containsExactly(1, 1);
    pair.assertSameMeters();
    assertThat(pair.actual.get("http.server.requests.active").longTaskTimer().activeTasks())
        .isZero();
  }

  @Test
  void timesEachObservationOnTheRegistrysClockAsMicrometersHandlerDoes() {
    for (String kind : List.of("simple", "simple without long task timer", "composite")) {
      Pair pair = new Pair(!kind.contains("without"), kind.equals("composite"));
      pair.observeItem((meters, observation) -> pair.clock.add(Duration.ofMillis(7)));
      pair.observe(
          "GET",
          "/items/2",
          "/items/{id}",
          500,
          new IllegalStateException("boom"),
          (meters, observation) -> pair.clock.add(Duration.ofMillis(3)));
      pair.assertSameMeters();
      // The clock moved 7 ms while each side's first request ran, 3 ms during its second.
      assertThat(
              pair.actual
                  .get("http.server.requests")
                  .tag("status", "200")
                  .timer()
                  .totalTime(TimeUnit.MILLISECONDS))
          .as(kind)
          .isEqualTo(7);
      assertThat(
              pair.actual
                  .get("http.server.requests")
                  .tag("status", "500")
                  .timer()
                  .totalTime(TimeUnit.MILLISECONDS))
          .isEqualTo(3);
    }
  }

  @Test
  void namesTheMetersAfterEachObservationsNameAsMicrometersHandlerDoes() {
    Pair pair = new Pair(true);
    DefaultTornadoRequestObservationConvention renaming =
        new DefaultTornadoRequestObservationConvention() {
          @Override
          public String getName() {
            return "custom.requests";
          }
        };
    for (String convention : List.of("default", "renaming", "default", "renaming")) {
      pair.observe(
          convention.equals("default") ? CONVENTION : renaming, "GET", "/items/1", "/items/{id}");
    }
    pair.assertSameMeters();
    assertThat(pair.actual.get("custom.requests").timer().count()).isEqualTo(2);
    assertThat(pair.actual.get("custom.requests.active").longTaskTimer().activeTasks()).isZero();
    assertThat(pair.actual.get("http.server.requests").timer().count()).isEqualTo(2);
  }

  @Test
  void leavesOutTheLongTaskTimerWhenBootIsToldToIgnoreIt() {
    Pair pair = new Pair(false);
    pair.observe("GET", "/items/1", "/items/{id}", 200, null);
    pair.assertSameMeters();
    assertThat(pair.actual.find("http.server.requests.active").meters()).isEmpty();
  }

  @Test
  void countsEventsAsMicrometersHandlerDoes() {
    Pair pair = new Pair(true);
    for (int i = 0; i < 2; i++) {
      pair.observeItem(
          (meters, observation) -> observation.event(Observation.Event.of("body.read")));
    }
    pair.assertSameMeters();
    assertThat(pair.actual.get("http.server.requests.body.read").counter().count()).isEqualTo(2);
  }

  @Test
  void followsTheKeyValuesAFilterOrAConventionGives() {
    Pair pair = new Pair(true);
    for (ObservationRegistry registry :
        List.of(pair.expectedObservations, pair.actualObservations)) {
      registry
          .observationConfig()
          .observationFilter(
              context -> context.addLowCardinalityKeyValue(KeyValue.of("zone", "a")));
    }
    pair.observe("GET", "/items/1", "/items/{id}", 200, null);
    pair.observe("GET", "/items/2", "/items/{id}", 200, null);
    pair.assertSameMeters();
    assertThat(pair.actual.get("http.server.requests").tag("zone", "a").timer().count())
        .isEqualTo(2);
  }

  @Test
  void registersAgainATimerRemovedFromTheRegistry() {
    Pair pair = new Pair(true);
    pair.observe("GET", "/items/1", "/items/{id}", 200, null);
    for (MeterRegistry registry : List.of(pair.expected, pair.actual)) {
      registry.remove(registry.get("http.server.requests").timer());
    }
    pair.observe("GET", "/items/2", "/items/{id}", 200, null);
    pair.assertSameMeters();
    assertThat(pair.actual.get("http.server.requests").timer().count()).isEqualTo(1);
  }

  @Test
  void recordsEveryRequestPastTheNumberOfMetersItKeeps() {
    Pair pair = new Pair(false);
    int routes = TornadoRequestMeterObservationHandler.MAX_KEPT + 10;
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < routes; i++) {
        pair.observe("GET", "/r" + i, "/r" + i, 200, null);
      }
    }
    pair.assertSameMeters();
    assertThat(pair.actual.get("http.server.requests").timers())
        .hasSize(routes)
        .allSatisfy(timer -> assertThat(timer.count()).isEqualTo(2));
  }

  @Test
  void recordsEveryRequestOfSeveralThreadsAlternatingRoutesWhileMetersAreRemoved()
      throws Exception {
    MeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry observations = ObservationRegistry.create();
    observations
        .observationConfig()
        .observationHandler(new TornadoRequestMeterObservationHandler(meters, true));
    int threads = 4;
    int perThread = 5_000;
    List<String> routes = List.of("/a", "/b", "/c");
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < perThread; i++) {
                    // Each thread changes route every few requests, so the meter found last
                    // changes under the others.
                    String route = routes.get((first + i / 3) % routes.size());
                    TornadoRequestObservationContext context =
                        RequestContexts.request("GET", route, route);
                    Observation.createNotStarted(null, CONVENTION, () -> context, observations)
                        .start()
                        .stop();
                  }
                  return null;
                }));
      }
      // Meanwhile one timer is removed and registered again by the next request of its route.
      Future<?> remover =
          pool.submit(
              () -> {
                go.await();
                for (int i = 0; i < 20; i++) {
                  Timer timer = meters.find("http.server.requests").tag("uri", "/c").timer();
                  if (timer != null) {
                    meters.remove(timer);
                  }
                  Thread.yield();
                }
                return null;
              });
      go.countDown();
      for (Future<?> future : done) {
        future.get(30, TimeUnit.SECONDS);
      }
      remover.get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    Map<String, Long> sent = new TreeMap<>();
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < perThread; i++) {
        sent.merge(routes.get((t + i / 3) % routes.size()), 1L, Long::sum);
      }
    }
    // The routes no timer was removed from count every request.
    for (String route : List.of("/a", "/b")) {
      assertThat(meters.get("http.server.requests").tag("uri", route).timer().count())
          .as(route)
          .isEqualTo(sent.get(route));
      assertThat(
              meters
                  .get("http.server.requests.active")
                  .tag("uri", route)
                  .longTaskTimer()
                  .activeTasks())
          .isZero();
    }
    // The remover may have taken the timer of "/c" after that route's last request. The next
    // request of "/c" registers it again (not into a forgotten timer), and the timer then in the
    // registry is the one the route's requests record into.
    observeRoute(observations, "/c");
    Timer c = meters.get("http.server.requests").tag("uri", "/c").timer();
    assertThat(c.count()).isBetween(1L, sent.get("/c") + 1);
    long before = c.count();
    observeRoute(observations, "/c");
    assertThat(meters.get("http.server.requests").tag("uri", "/c").timer().count())
        .isEqualTo(before + 1);
  }

  @Test
  void doesNotKeepATimerRemovedWhileItWasRegistered() {
    // The registry removes the first timer of "/d" just after registering it, before the handler
    // has kept it: the handler is told of the removal while that timer is not among those it
    // keeps, as when another thread removes it at that moment.
    AtomicBoolean removedOnce = new AtomicBoolean();
    MeterRegistry meters =
        new SimpleMeterRegistry() {
          @Override
          public Timer timer(String name, Iterable<Tag> tags) {
            Timer timer = super.timer(name, tags);
            if ("/d".equals(timer.getId().getTag("uri"))
                && removedOnce.compareAndSet(false, true)) {
              remove(timer);
            }
            return timer;
          }
        };
    ObservationRegistry observations = ObservationRegistry.create();
    observations
        .observationConfig()
        .observationHandler(new TornadoRequestMeterObservationHandler(meters, true));
    observeRoute(observations, "/d");
    assertThat(removedOnce).isTrue();
    assertThat(meters.find("http.server.requests").tag("uri", "/d").timer()).isNull();
    // The next requests register the timer again and record into the one the registry holds.
    observeRoute(observations, "/d");
    observeRoute(observations, "/d");
    assertThat(meters.get("http.server.requests").tag("uri", "/d").timer().count()).isEqualTo(2);
  }

  private static void observeRoute(ObservationRegistry observations, String route) {
    TornadoRequestObservationContext context = RequestContexts.request("GET", route, route);
    Observation.createNotStarted(null, CONVENTION, () -> context, observations).start().stop();
  }

  @Test
  void supportsOnlyTheStartersRequests() {
    TornadoRequestMeterObservationHandler handler =
        new TornadoRequestMeterObservationHandler(new SimpleMeterRegistry(), true);
    ObservationHandler<?> asHandler = handler;
    assertThat(asHandler.supportsContext(RequestContexts.request("GET", "/", "/"))).isTrue();
    assertThat(asHandler.supportsContext(new Observation.Context())).isFalse();
  }
}
