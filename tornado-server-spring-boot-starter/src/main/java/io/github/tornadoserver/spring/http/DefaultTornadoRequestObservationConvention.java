package io.github.tornadoserver.spring.http;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.util.Locale;

/**
 * The {@code http.server.requests} tags of Spring's own server conventions: {@code method}, {@code
 * uri} (the route pattern; {@code NOT_FOUND}, {@code REDIRECTION} or {@code UNKNOWN} when no route
 * matched), {@code status}, {@code outcome} and {@code exception}, all of bounded cardinality; the
 * raw path is the high-cardinality {@code http.url}. No tag carries a client address.
 */
public class DefaultTornadoRequestObservationConvention
    implements TornadoRequestObservationConvention {
  /** The observation's (and the timer's) name. */
  public static final String NAME = "http.server.requests";

  private static final String UNKNOWN = "UNKNOWN";

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(TornadoRequestObservationContext context) {
    String method = context.getRequest().method().toLowerCase(Locale.ROOT);
    return context.getRoute() == null
        ? "http " + method
        : "http " + method + " " + context.getRoute();
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(TornadoRequestObservationContext context) {
    return KeyValues.of(
        KeyValue.of("method", context.getRequest().method()),
        KeyValue.of("uri", uri(context)),
        KeyValue.of("status", status(context.getStatus())),
        KeyValue.of("outcome", outcome(context.getStatus())),
        KeyValue.of("exception", exception(context.getError())));
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(TornadoRequestObservationContext context) {
    return KeyValues.of(KeyValue.of("http.url", context.getRequest().path()));
  }

  private static String uri(TornadoRequestObservationContext context) {
    if (context.getRoute() != null) {
      return context.getRoute();
    }
    int status = context.getStatus();
    if (status == 404) {
      return "NOT_FOUND";
    }
    return status >= 300 && status < 400 ? "REDIRECTION" : UNKNOWN;
  }

  private static String status(int status) {
    return status == 0 ? UNKNOWN : Integer.toString(status);
  }

  private static String outcome(int status) {
    return switch (status / 100) {
      case 1 -> "INFORMATIONAL";
      case 2 -> "SUCCESS";
      case 3 -> "REDIRECTION";
      case 4 -> "CLIENT_ERROR";
      case 5 -> "SERVER_ERROR";
      default -> UNKNOWN;
    };
  }

  private static String exception(Throwable error) {
    if (error == null) {
      return "none";
    }
    String name = error.getClass().getSimpleName();
    return name.isEmpty() ? error.getClass().getName() : name;
  }
}
