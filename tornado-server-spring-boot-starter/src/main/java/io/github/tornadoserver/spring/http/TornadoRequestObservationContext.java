package io.github.tornadoserver.spring.http;

import io.github.tornadoserver.httputil.HTTPServerRequest;
import io.micrometer.observation.Observation;

/**
 * What an {@code http.server.requests} observation knows of one routed request: the request, the
 * route pattern that matched (null when none did) and, once it ended, the response status (0 when
 * no response was begun). Mutated on the connection's loop thread only.
 */
public final class TornadoRequestObservationContext extends Observation.Context {
  private final HTTPServerRequest request;
  private final String route;
  private int status;

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
}
