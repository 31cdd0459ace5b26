package io.github.tornadoserver.spring.http;

import io.github.tornadoserver.httputil.HTTPServerRequest;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
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
 * Micrometer's map first, which then answers as usual.
 */
public final class TornadoRequestObservationContext extends Observation.Context {
  private final HTTPServerRequest request;
  private final String route;
  private int status;

  /**
   * The low-cardinality key values while they are exactly one {@link KeyValues} (at first, none),
   * kept here instead of in the map of Micrometer's context; null once they are in that map.
   */
  private volatile KeyValues held = KeyValues.empty();

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
    KeyValues before = held;
    if (before != null && keysWithin(before, keyValues)) {
      held = keyValues; // it replaces every value held: it is all there is
      return this;
    }
    moveHeldToMap();
    return super.addLowCardinalityKeyValues(keyValues);
  }

  @Override
  public Observation.Context addLowCardinalityKeyValue(KeyValue keyValue) {
    moveHeldToMap();
    return super.addLowCardinalityKeyValue(keyValue);
  }

  @Override
  public Observation.Context removeLowCardinalityKeyValue(String keyName) {
    moveHeldToMap();
    return super.removeLowCardinalityKeyValue(keyName);
  }

  @Override
  public Observation.Context removeLowCardinalityKeyValues(String... keyNames) {
    moveHeldToMap();
    return super.removeLowCardinalityKeyValues(keyNames);
  }

  @Override
  public KeyValues getLowCardinalityKeyValues() {
    KeyValues known = held;
    return known != null ? known : super.getLowCardinalityKeyValues();
  }

  @Override
  public KeyValue getLowCardinalityKeyValue(String key) {
    KeyValues known = held;
    if (known == null) {
      return super.getLowCardinalityKeyValue(key);
    }
    for (KeyValue keyValue : known) {
      if (keyValue.getKey().equals(key)) {
        return keyValue;
      }
    }
    return null;
  }

  /** Before any other change: the values held go to Micrometer's map, which takes over. */
  private void moveHeldToMap() {
    KeyValues known = held;
    if (known != null) {
      held = null;
      for (KeyValue keyValue : known) {
        super.addLowCardinalityKeyValue(keyValue);
      }
    }
  }

  /** Whether every key of {@code held} is a key of {@code added}; both are sorted by key. */
  private static boolean keysWithin(KeyValues held, KeyValues added) {
    Iterator<KeyValue> candidates = added.iterator();
    for (KeyValue wanted : held) {
      boolean found = false;
      while (!found && candidates.hasNext()) {
        int order = candidates.next().getKey().compareTo(wanted.getKey());
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
