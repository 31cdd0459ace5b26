package io.github.tornadoserver.spring.http;

import java.util.Objects;
import java.util.Set;

/**
 * A route made in code rather than declared with {@link Route} on a handler bean: for handlers
 * whose paths are only known at start-up. A {@link RouteContributor} bean adds such routes to the
 * auto-configured router; {@link RequestRouter#of} builds a router of them alone.
 *
 * @param pattern the path pattern, as in {@link Route#path()}
 * @param methods the methods, case-sensitive; empty for every method (a route for {@code GET} also
 *     answers {@code HEAD})
 * @param handler answers the route's requests
 * @param blocking whether the handler blocks, as in {@link Route#blocking()}
 * @param source what defined the route, named when two routes answer the same requests
 */
public record RouteDefinition(
    String pattern, Set<String> methods, RequestHandler handler, boolean blocking, String source) {
  /**
   * @throws IllegalArgumentException when {@code pattern} is not a valid route pattern
   */
  public RouteDefinition {
    PathPattern.parse(pattern);
    methods = Set.copyOf(methods);
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(source, "source");
  }

  RouteTable.Entry toEntry() {
    return new RouteTable.Entry(PathPattern.parse(pattern), methods, handler, blocking, source);
  }
}
