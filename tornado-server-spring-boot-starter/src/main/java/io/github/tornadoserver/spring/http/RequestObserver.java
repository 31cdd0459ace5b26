package io.github.tornadoserver.spring.http;

import io.github.tornadoserver.httputil.HTTPServerRequest;

/**
 * Watches each routed request from its head to the end of its response: the seam through which the
 * Observation API records {@code http.server.requests} without the router depending on Micrometer.
 * Called on the connection's loop thread.
 */
interface RequestObserver {
  /** Observes nothing. */
  RequestObserver NONE = (request, route) -> Observed.NONE;

  /**
   * A request head was read and routed.
   *
   * @param request the request (its body not read yet)
   * @param route the matched route pattern, or null when none matched
   * @return the handle told how the request ended, exactly once
   */
  Observed start(HTTPServerRequest request, String route);

  /** One observed request. */
  interface Observed {
    /** Ignores the end. */
    Observed NONE = (status, error) -> {};

    /**
     * The request ended.
     *
     * @param status the response status, or 0 when no response was begun
     * @param error what the handler threw or the response failed with; null when none
     */
    void stop(int status, Throwable error);
  }
}
