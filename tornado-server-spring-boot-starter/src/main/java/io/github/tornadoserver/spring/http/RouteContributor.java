package io.github.tornadoserver.spring.http;

import java.util.List;

/**
 * Adds routes made in code to the router of the auto-configured HTTP server, next to those of the
 * {@link Route} handler beans; a route of both kinds that answers the same requests as another
 * fails start-up. Every bean of this type is asked once, when the router is created.
 */
@FunctionalInterface
public interface RouteContributor {
  /** The routes to add. */
  List<RouteDefinition> routes();
}
