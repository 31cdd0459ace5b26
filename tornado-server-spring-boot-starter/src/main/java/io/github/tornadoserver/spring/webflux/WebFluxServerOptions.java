package io.github.tornadoserver.spring.webflux;

import io.github.tornadoserver.httpserver.HTTPServer;
import io.github.tornadoserver.spring.IOLoopGroup;
import io.github.tornadoserver.spring.TornadoProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code tornado.http.*} options that have no {@code server.*} twin, onto the core builder of
 * the WebFlux server. Port, address and TLS come from Boot's {@code server.*} instead.
 */
final class WebFluxServerOptions {
  private WebFluxServerOptions() {}

  static HTTPServer.Builder apply(TornadoProperties.Http http, HTTPServer.Builder builder) {
    return builder
        .noKeepAlive(http.isNoKeepAlive())
        .xheaders(http.isXheaders())
        .trustedDownstream(http.getTrustedDownstream())
        .protocol(http.getProtocol())
        .decompressRequest(http.isDecompressRequest())
        .chunkSize(toInt("tornado.http.chunk-size", http.getChunkSize()))
        .maxHeaderSize(toInt("tornado.http.max-header-size", http.getMaxHeaderSize()))
        .maxBodySize(http.getMaxBodySize().toBytes())
        .maxBufferSize(toInt("tornado.http.max-buffer-size", http.getMaxBufferSize()))
        .idleConnectionTimeout(http.getIdleConnectionTimeout())
        .bodyTimeout(http.getBodyTimeout())
        .maxConnections(http.getMaxConnections())
        .maxRequestsPerConnection(http.getMaxRequestsPerConnection());
  }

  /** The loops that accept: {@code tornado.http.processes} (0 for all), at most the group's. */
  static int processes(TornadoProperties.Http http, IOLoopGroup loops) {
    int wanted = http.getProcesses() <= 0 ? loops.size() : http.getProcesses();
    return Math.min(wanted, loops.size());
  }

  /**
   * {@code size} in bytes as an int.
   *
   * @throws IllegalArgumentException naming the property when it does not fit
   */
  static int toInt(String property, DataSize size) {
    long bytes = size.toBytes();
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          property + ": " + size + " (expected: at most " + Integer.MAX_VALUE + " bytes)");
    }
    return (int) bytes;
  }
}
