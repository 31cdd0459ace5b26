package io.github.tornadoserver.spring.http;

/**
 * Told when a routed request's client left before its response was written: a normal event, logged
 * at DEBUG and, with Micrometer, counted as {@code tornado.server.client.disconnects}. Called once
 * per request, on the connection's loop thread; must not block.
 */
@FunctionalInterface
public interface DisconnectListener {
  /** Ignores disconnects. */
  DisconnectListener NONE = route -> {};

  /**
   * @param route the pattern of the request's route, or null when no route matched it
   */
  void clientLeft(String route);
}
