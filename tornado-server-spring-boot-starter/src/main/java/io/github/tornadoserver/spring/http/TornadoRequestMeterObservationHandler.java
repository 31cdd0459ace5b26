package io.github.tornadoserver.spring.http;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.internal.DefaultLongTaskTimer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Records the starter's {@code http.server.requests} observations as Micrometer's {@link
 * DefaultMeterObservationHandler} does (the same timer, long task timer and event counters, with
 * the same names and tags), but keeps the meters it has registered and finds them again by the
 * observation's name and low-cardinality key values, instead of building tags and a meter id and
 * looking the meter up in the registry twice per request. When the long task timer is a {@link
 * DefaultLongTaskTimer} (as a simple or a Prometheus registry makes it), the timer records the
 * duration that timer's sample measured on the registry's clock, instead of starting a second
 * sample that reads the clock twice more.
 *
 * <p>Spring Boot places it, with its own meter handler, in the group of meter handlers of which the
 * first that supports an observation records it; this one supports only {@link
 * TornadoRequestObservationContext}, so every other observation still goes to Boot's handler. The
 * application's other observation handlers, filters, predicates and tracing are untouched.
 *
 * <p>At most {@value #MAX_KEPT} meters of each kind are kept; beyond that (a convention whose
 * low-cardinality values are not), each meter is looked up in the registry as Boot's handler does.
 * A meter removed from the registry is forgotten, so the next request registers it again. A {@code
 * MeterFilter} added to the registry after requests were recorded (which Micrometer warns against)
 * does not change the meters already kept.
 */
public final class TornadoRequestMeterObservationHandler
    implements MeterObservationHandler<TornadoRequestObservationContext> {
  /** How many timers (and, apart, long task timers and counters) are kept at most. */
  public static final int MAX_KEPT = 4096;

  private final MeterRegistry registry;
  private final boolean longTaskTimer;
  private final Kept<Timer> timers;
  // Keyed by the observation's name; the meter's is that name with ".active".
  private final Kept<LongTaskTimer> activeTimers;
  private final Kept<Counter> eventCounters;

  /**
   * @param registry where the meters are registered
   * @param longTaskTimer whether an {@code <name>.active} long task timer counts the observations
   *     in progress (Boot's {@code management.metrics.observations.ignored-meters} turns it off)
   */
  public TornadoRequestMeterObservationHandler(MeterRegistry registry, boolean longTaskTimer) {
    this.registry = registry;
    this.longTaskTimer = longTaskTimer;
    this.timers = new Kept<>(key -> registry.timer(key.name(), tags(key)));
    this.activeTimers =
        new Kept<>(key -> registry.more().longTaskTimer(key.name() + ".active", tags(key)));
    this.eventCounters = new Kept<>(key -> registry.counter(key.name(), tags(key)));
    registry.config().onMeterRemoved(this::forget);
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return context instanceof TornadoRequestObservationContext;
  }

  @Override
  public void onStart(TornadoRequestObservationContext context) {
    if (longTaskTimer) {
      LongTaskTimer active =
          activeTimers.get(context.getName(), context.getLowCardinalityKeyValues(), null);
      context.activeSample = active.start();
      if (active instanceof DefaultLongTaskTimer) {
        // Its sample's stop answers the nanoseconds since its start on the registry's clock,
        // which is what the timer records: no second sample reads that clock twice more.
        return;
      }
    }
    context.timerSample = Timer.start(registry);
  }

  @Override
  public void onStop(TornadoRequestObservationContext context) {
    Throwable error = context.getError();
    String errorValue = error == null ? KeyValue.NONE_VALUE : error.getClass().getSimpleName();
    Timer timer = timers.get(context.getName(), context.getLowCardinalityKeyValues(), errorValue);
    if (context.timerSample == null) {
      timer.record(((LongTaskTimer.Sample) context.activeSample).stop(), TimeUnit.NANOSECONDS);
      return;
    }
    ((Timer.Sample) context.timerSample).stop(timer);
    if (longTaskTimer) {
      ((LongTaskTimer.Sample) context.activeSample).stop();
    }
  }

  @Override
  public void onEvent(Observation.Event event, TornadoRequestObservationContext context) {
    String name = context.getName() + "." + event.getName();
    eventCounters.get(name, context.getLowCardinalityKeyValues(), null).increment();
  }

  /** The timers kept now (for tests). */
  Collection<Timer> keptTimers() {
    return List.copyOf(timers.meters.values());
  }

  private void forget(Meter meter) {
    timers.forget(meter);
    activeTimers.forget(meter);
    eventCounters.forget(meter);
  }

  /** The tags Boot's handler gives the meter: the key values, then the error when there is one. */
  private static List<Tag> tags(MeterKey key) {
    List<Tag> tags = new ArrayList<>();
    for (KeyValue keyValue : key.keyValues()) {
      tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
    }
    if (key.error() != null) {
      tags.add(Tag.of("error", key.error()));
    }
    return tags;
  }

  /**
   * What names one meter: the observation's name (with the event's, for an event counter), its
   * low-cardinality key values and, for the timer only, the {@code error} tag's value.
   */
  private record MeterKey(String name, KeyValues keyValues, String error) {}

  /**
   * The meters of one kind, by key, at most {@link #MAX_KEPT}, and how one is registered. The meter
   * found last is tried first, by identity: the convention gives the same {@link KeyValues} for
   * each request of one route, method and status, and the same name, so in a steady stream of one
   * kind of request no key is made and no map is read.
   */
  private static final class Kept<M extends Meter> {
    private final Map<MeterKey, M> meters = new ConcurrentHashMap<>();
    private final Function<MeterKey, M> register;
    private volatile Found<M> last;

    /**
     * Counts the registry's removals of meters, twice each: before the removed meter is dropped
     * from {@link #meters} and after. A meter found last counts only while this is what it was
     * before that meter was looked up, so a removal racing the lookup never leaves it there; and a
     * meter registered while this changed is not kept, because it may have been removed before it
     * was put in {@link #meters}, where the removal could not see it.
     */
    private volatile int forgotten;

    Kept(Function<MeterKey, M> register) {
      this.register = register;
    }

    M get(String name, KeyValues keyValues, String error) {
      int forgottenBefore = forgotten;
      Found<M> found = last;
      if (found != null
          && found.keyValues == keyValues
          && found.name == name
          && found.error == error
          && found.forgotten == forgottenBefore) {
        return found.meter;
      }
      MeterKey key = new MeterKey(name, keyValues, error);
      M meter = meters.get(key);
      if (meter == null) {
        meter = register.apply(key);
        if (meters.size() >= MAX_KEPT || meters.putIfAbsent(key, meter) != null) {
          return meter;
        }
        if (forgotten != forgottenBefore) {
          // A removal ran meanwhile and may have missed this meter: the next lookup registers it
          // again (the registry answers with the same meter while it still holds it).
          meters.remove(key, meter);
          return meter;
        }
      }
      last = new Found<>(name, keyValues, error, meter, forgottenBefore);
      return meter;
    }

    /** The registry removed {@code meter} (any meter: this is not told which it keeps). */
    void forget(Meter meter) {
      synchronized (this) {
        forgotten++; // before and after dropping it: see the field
      }
      meters.values().removeIf(kept -> kept == meter);
      synchronized (this) {
        forgotten++;
      }
    }
  }

  /**
   * The key of the meter found last (compared by identity), that meter, and the count of
   * forgettings before it was looked up.
   */
  private record Found<M>(String name, KeyValues keyValues, String error, M meter, int forgotten) {}
}
