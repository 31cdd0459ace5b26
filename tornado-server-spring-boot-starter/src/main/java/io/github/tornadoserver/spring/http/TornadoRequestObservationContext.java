package io.github.tornadoserver.spring.http;

import io.github.tornadoserver.httputil.HTTPServerRequest;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;

/**
 * What an {@code http.server.requests} observation knows of one routed request: the request, the
 * route pattern that matched (null when none did) and, once it ended, the response status (0 when
 * no response was begun). Mutated on the connection's loop thread only.
 *
 * <p>While the low-cardinality key values are exactly the {@link KeyValues} a convention gave (its
 * values at the start, then at the stop), the context holds that set itself: {@link
 * #getLowCardinalityKeyValues()} answers with it instead of collecting and sorting a map's values
 * for each handler that asks, and no map entry is made for them. Any other change moves them into
 * Micrometer's map first, which then answers as usual. The high-cardinality key values are held the
 * same way.
 */
public final class TornadoRequestObservationContext extends Observation.Context {
  private static final VarHandle LOW_HELD;
  private static final VarHandle HIGH_HELD;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      LOW_HELD =
          lookup.findVarHandle(TornadoRequestObservationContext.class, "lowHeld", KeyValues.class);
      HIGH_HELD =
          lookup.findVarHandle(TornadoRequestObservationContext.class, "highHeld", KeyValues.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final HTTPServerRequest request;
  private final String route;
  private int status;

  /**
   * The low-cardinality key values while they are exactly one {@link KeyValues} (at first, none),
   * kept here instead of in the map of Micrometer's context; null once they are in that map.
   * Written with release and read with acquire semantics ({@link #LOW_HELD}): a thread that reads a
   * set, or null, also sees what was written before it (a {@link KeyValues} is immutable; the map
   * is filled before the null), without the full fence of a volatile write, four of which every
   * request would pay.
   */
  @SuppressWarnings("unused") // through LOW_HELD
  private KeyValues lowHeld = KeyValues.empty();

  /** The high-cardinality key values, held the same way ({@link #HIGH_HELD}). */
  @SuppressWarnings("unused") // through HIGH_HELD
  private KeyValues highHeld = KeyValues.empty();

  /**
   * What the default convention found for this request's route, so that it looks the route up once
   * per request instead of on each of its calls. Set and read by that convention only.
   */
  Object conventionRoute;

  /**
   * What {@link TornadoRequestMeterObservationHandler} started for this observation (its timer's
   * sample and its long task timer's), kept here rather than in the context's map: that handler
   * records only these contexts, and a map made for two entries per request costs more than the
   * rest of its work. Typed {@code Object} so that the context loads without Micrometer's meters.
   * Written at the observation's start and read at its stop, both on the request's loop thread.
   */
  Object timerSample;

  Object activeSample;

  TornadoRequestObservationContext(HTTPServerRequest request, String route) {
    this.request = request;
    this.route = route;
  }

  /** The request (its body may not have been read yet). */
  public HTTPServerRequest getRequest() {
    return request;
  }

  /** The pattern of the matched route, or null when no route matched. */
  public String getRoute() {
    return route;
  }

  /** The response status, or 0 when no response was begun. */
  public int getStatus() {
    return status;
  }

  void setStatus(int status) {
    this.status = status;
  }

  @Override
  public Observation.Context addLowCardinalityKeyValues(KeyValues keyValues) {
    if (replaceHeld(LOW_HELD, keyValues)) {
      return this;
    }
    moveLowToMap();
    return super.addLowCardinalityKeyValues(keyValues);
  }

  @Override
  public Observation.Context addLowCardinalityKeyValue(KeyValue keyValue) {
    moveLowToMap();
    return super.addLowCardinalityKeyValue(keyValue);
  }

  @Override
  public Observation.Context removeLowCardinalityKeyValue(String keyName) {
    moveLowToMap();
    return super.removeLowCardinalityKeyValue(keyName);
  }

  @Override
  public Observation.Context removeLowCardinalityKeyValues(String... keyNames) {
    moveLowToMap();
    return super.removeLowCardinalityKeyValues(keyNames);
  }

  @Override
  public KeyValues getLowCardinalityKeyValues() {
    KeyValues known = held(LOW_HELD);
    return known != null ? known : super.getLowCardinalityKeyValues();
  }

  @Override
  public KeyValue getLowCardinalityKeyValue(String key) {
    KeyValues known = held(LOW_HELD);
    return known != null ? find(known, key) : super.getLowCardinalityKeyValue(key);
  }

  @Override
  public Observation.Context addHighCardinalityKeyValues(KeyValues keyValues) {
    if (replaceHeld(HIGH_HELD, keyValues)) {
      return this;
    }
    moveHighToMap();
    return super.addHighCardinalityKeyValues(keyValues);
  }

  @Override
  public Observation.Context addHighCardinalityKeyValue(KeyValue keyValue) {
    moveHighToMap();
    return super.addHighCardinalityKeyValue(keyValue);
  }

  @Override
  public Observation.Context removeHighCardinalityKeyValue(String keyName) {
    moveHighToMap();
    return super.removeHighCardinalityKeyValue(keyName);
  }

  @Override
  public Observation.Context removeHighCardinalityKeyValues(String... keyNames) {
    moveHighToMap();
    return super.removeHighCardinalityKeyValues(keyNames);
  }

  @Override
  public KeyValues getHighCardinalityKeyValues() {
    KeyValues known = held(HIGH_HELD);
    return known != null ? known : super.getHighCardinalityKeyValues();
  }

  /**
   * The high-cardinality key values while the context holds them as one set (the last a convention
   * gave, or none yet), without collecting Micrometer's map; null once they moved to that map.
   */
  KeyValues heldHighCardinalityKeyValues() {
    return held(HIGH_HELD);
  }

  @Override
  public KeyValue getHighCardinalityKeyValue(String key) {
    KeyValues known = held(HIGH_HELD);
    return known != null ? find(known, key) : super.getHighCardinalityKeyValue(key);
  }

  /**
   * Before any other change to the low-cardinality values: those held go to Micrometer's map, and
   * only then is the held set cleared, so that a reader that sees no set finds them in the map.
   */
  private void moveLowToMap() {
    KeyValues known = held(LOW_HELD);
    if (known != null) {
      known.forEach(super::addLowCardinalityKeyValue);
      LOW_HELD.setRelease(this, null);
    }
  }

  /** The same for the high-cardinality values. */
  private void moveHighToMap() {
    KeyValues known = held(HIGH_HELD);
    if (known != null) {
      known.forEach(super::addHighCardinalityKeyValue);
      HIGH_HELD.setRelease(this, null);
    }
  }

  /** The set {@code held} ({@link #LOW_HELD} or {@link #HIGH_HELD}) holds, or null. */
  private KeyValues held(VarHandle held) {
    return (KeyValues) held.getAcquire(this);
  }

  /**
   * When {@code held} holds a set and {@code keyValues} has every key of it, {@code keyValues}
   * replaces that set (adding them replaces every value held: they are all there is) and this
   * answers true; otherwise nothing changes.
   */
  private boolean replaceHeld(VarHandle held, KeyValues keyValues) {
    KeyValues before = held(held);
    if (before != null && keysWithin(before, keyValues)) {
      held.setRelease(this, keyValues);
      return true;
    }
    return false;
  }

  private static KeyValue find(KeyValues keyValues, String key) {
    for (KeyValue keyValue : keyValues) {
      if (keyValue.getKey().equals(key)) {
        return keyValue;
      }
    }
    return null;
  }

  /** Whether every key of {@code held} is a key of {@code added}; both are sorted by key. */
  private static boolean keysWithin(KeyValues held, KeyValues added) {
    Iterator<KeyValue> candidates = added.iterator();
    for (KeyValue wanted : held) {
      boolean found = false;
      String key = wanted.getKey();
      while (!found && candidates.hasNext()) {
        String candidate = candidates.next().getKey();
        // A convention's sets share their key strings: most pairs are the same string.
        int order = candidate == key ? 0 : candidate.compareTo(key);
        if (order > 0) {
          return false;
        }
        found = order == 0;
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }
}
