package io.github.tornadoserver.spring.http;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code http.server.requests} tags of Spring's own server conventions: {@code method}, {@code
 * uri} (the route pattern; {@code NOT_FOUND}, {@code REDIRECTION} or {@code UNKNOWN} when no route
 * matched), {@code status}, {@code outcome} and {@code exception}, all of bounded cardinality; the
 * raw path is the high-cardinality {@code http.url}. No tag carries a client address.
 *
 * <p>Thread-safe. The tags of the standard methods, of every status, of each route and the
 * contextual names of route and standard method are made once and reused, and so is the whole set
 * of tags of a routed request with a standard method and no error, by route, method and status: a
 * request's observation allocates only what its own path and error need.
 */
public class DefaultTornadoRequestObservationConvention
    implements TornadoRequestObservationConvention {
  /** The observation's (and the timer's) name. */
  public static final String NAME = "http.server.requests";

  private static final String UNKNOWN = "UNKNOWN";

  /** The high-cardinality key: the request's path. */
  private static final String URL = "http.url";

  /** RFC 9110 section 9: the methods whose tags and names are kept; others are made per request. */
  private static final List<String> STANDARD_METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

  private static final Map<String, KeyValue> METHOD_TAGS = methodTags();
  private static final KeyValue URI_NOT_FOUND = KeyValue.of("uri", "NOT_FOUND");
  private static final KeyValue URI_REDIRECTION = KeyValue.of("uri", "REDIRECTION");
  private static final KeyValue URI_UNKNOWN = KeyValue.of("uri", UNKNOWN);

  /** The status tags of 100 to 599, each made when first needed. */
  private static final KeyValue[] STATUS_TAGS = new KeyValue[600];

  private static final KeyValue STATUS_UNKNOWN = KeyValue.of("status", UNKNOWN);
  private static final KeyValue[] OUTCOME_TAGS = outcomeTags();
  private static final KeyValue NO_EXCEPTION = KeyValue.of("exception", "none");

  /** What is kept of each route pattern seen; routes are few and fixed. */
  private final Map<String, RouteTags> routes = new ConcurrentHashMap<>();

  /**
   * The tags and names of one route pattern. Filled lazily; a race makes the same value twice and
   * either is right (a {@link KeyValues} is immutable, its fields final).
   */
  private static final class RouteTags {
    final DefaultTornadoRequestObservationConvention owner;
    final KeyValue uri;
    final String[] names = new String[STANDARD_METHODS.size()];
    // By standard method, then by status (0 for none yet, else 100 to 599): the low-cardinality
    // tags of a request without an error.
    final KeyValues[][] tags = new KeyValues[STANDARD_METHODS.size()][];

    RouteTags(String route, DefaultTornadoRequestObservationConvention owner) {
      this.owner = owner;
      this.uri = KeyValue.of("uri", route);
    }
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(TornadoRequestObservationContext context) {
    String method = context.getRequest().method();
    String route = context.getRoute();
    int standard = STANDARD_METHODS.indexOf(method);
    if (route == null || standard < 0) {
      return contextualName(method, route);
    }
    RouteTags tags = routeTags(context);
    String name = tags.names[standard];
    if (name == null) {
      name = contextualName(method, route);
      tags.names[standard] = name;
    }
    return name;
  }

  /**
   * What is kept of the context's route (not null), found once per request: the context holds it
   * for the request's later calls, with this convention as its owner, so that another convention
   * asking about the same context makes its own.
   */
  private RouteTags routeTags(TornadoRequestObservationContext context) {
    if (context.conventionRoute instanceof RouteTags known && known.owner == this) {
      return known;
    }
    String route = context.getRoute();
    RouteTags tags = routes.get(route);
    if (tags == null) {
      tags = routes.computeIfAbsent(route, r -> new RouteTags(r, this));
    }
    context.conventionRoute = tags;
    return tags;
  }

  private static String contextualName(String method, String route) {
    String lower = method.toLowerCase(Locale.ROOT);
    return route == null ? "http " + lower : "http " + lower + " " + route;
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(TornadoRequestObservationContext context) {
    String route = context.getRoute();
    int status = context.getStatus();
    int standard = STANDARD_METHODS.indexOf(context.getRequest().method());
    boolean kept =
        route != null
            && standard >= 0
            && context.getError() == null
            && (status == 0 || status >= 100 && status < STATUS_TAGS.length);
    if (!kept) {
      return lowCardinality(context);
    }
    KeyValues[][] byMethod = routeTags(context).tags;
    KeyValues[] byStatus = byMethod[standard];
    if (byStatus == null) {
      byStatus = new KeyValues[STATUS_TAGS.length];
      byMethod[standard] = byStatus;
    }
    KeyValues tags = byStatus[status];
    if (tags == null) {
      tags = lowCardinality(context);
      byStatus[status] = tags;
    }
    return tags;
  }

  private KeyValues lowCardinality(TornadoRequestObservationContext context) {
    return KeyValues.of(
        methodTag(context.getRequest().method()),
        uriTag(context),
        statusTag(context.getStatus()),
        OUTCOME_TAGS[outcome(context.getStatus())],
        exceptionTag(context.getError()));
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(TornadoRequestObservationContext context) {
    String path = context.getRequest().path();
    // Asked at the start and again at the stop: unless something changed them in between, the
    // context still holds the set made at the start, which is the answer again.
    KeyValues held = context.heldHighCardinalityKeyValues();
    return held != null && isUrlAlone(held, path) ? held : KeyValues.of(URL, path);
  }

  /** Whether {@code keyValues} is exactly {@code http.url} with the value {@code path}. */
  private static boolean isUrlAlone(KeyValues keyValues, String path) {
    Iterator<KeyValue> all = keyValues.iterator();
    if (!all.hasNext()) {
      return false;
    }
    KeyValue first = all.next();
    return !all.hasNext() && URL.equals(first.getKey()) && path.equals(first.getValue());
  }

  private static KeyValue methodTag(String method) {
    KeyValue tag = METHOD_TAGS.get(method);
    return tag != null ? tag : KeyValue.of("method", method);
  }

  private KeyValue uriTag(TornadoRequestObservationContext context) {
    String route = context.getRoute();
    if (route != null) {
      return routeTags(context).uri;
    }
    int status = context.getStatus();
    if (status == 404) {
      return URI_NOT_FOUND;
    }
    return status >= 300 && status < 400 ? URI_REDIRECTION : URI_UNKNOWN;
  }

  private static KeyValue statusTag(int status) {
    if (status == 0) {
      return STATUS_UNKNOWN;
    }
    if (status < 100 || status >= STATUS_TAGS.length) {
      return KeyValue.of("status", Integer.toString(status));
    }
    KeyValue tag = STATUS_TAGS[status];
    if (tag == null) {
      // A race makes the same tag twice; either is right (its fields are final).
      tag = KeyValue.of("status", Integer.toString(status));
      STATUS_TAGS[status] = tag;
    }
    return tag;
  }

  /** The index of the outcome in {@code OUTCOME_TAGS}: the status class, 0 for unknown. */
  private static int outcome(int status) {
    int statusClass = status / 100;
    return statusClass >= 1 && statusClass <= 5 ? statusClass : 0;
  }

  private static KeyValue exceptionTag(Throwable error) {
    if (error == null) {
      return NO_EXCEPTION;
    }
    String name = error.getClass().getSimpleName();
    return KeyValue.of("exception", name.isEmpty() ? error.getClass().getName() : name);
  }

  private static Map<String, KeyValue> methodTags() {
    return STANDARD_METHODS.stream()
        .collect(Collectors.toUnmodifiableMap(m -> m, m -> KeyValue.of("method", m)));
  }

  private static KeyValue[] outcomeTags() {
    return Stream.of(
            UNKNOWN, "INFORMATIONAL", "SUCCESS", "REDIRECTION", "CLIENT_ERROR", "SERVER_ERROR")
        .map(outcome -> KeyValue.of("outcome", outcome))
        .toArray(KeyValue[]::new);
  }
}
