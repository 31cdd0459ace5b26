package io.github.tornadoserver.spring.webflux;

import io.github.tornadoserver.httpserver.HTTPServer;
import io.github.tornadoserver.spring.IOLoopGroup;
import io.github.tornadoserver.spring.ServerOptions;
import io.github.tornadoserver.spring.TornadoProperties;

/**
 * The {@code tornado.http.*} options that have no {@code server.*} twin, onto the core builder of
 * the WebFlux server. Port, address and TLS come from Boot's {@code server.*} instead.
 */
final class WebFluxServerOptions {
  private WebFluxServerOptions() {}

  static HTTPServer.Builder apply(TornadoProperties.Http http, HTTPServer.Builder builder) {
    return ServerOptions.protocolOptions(http, builder);
  }

  /** The loops that accept: {@code tornado.http.processes} (0 for all), at most the group's. */
  static int processes(TornadoProperties.Http http, IOLoopGroup loops) {
    int wanted = http.getProcesses() <= 0 ? loops.size() : http.getProcesses();
    return Math.min(wanted, loops.size());
  }
}
