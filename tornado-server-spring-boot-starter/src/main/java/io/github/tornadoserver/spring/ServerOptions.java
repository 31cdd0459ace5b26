package io.github.tornadoserver.spring;

import io.github.tornadoserver.httpserver.HTTPServer;
import io.github.tornadoserver.tcpserver.TCPServer;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.unit.DataSize;

/**
 * Applies the {@code tornado.http.*} and {@code tornado.tcp.*} properties to the core builders: for
 * the routed server and, without the listening and TLS ones, for the WebFlux server.
 */
public final class ServerOptions {
  private ServerOptions() {}

  /**
   * Every {@code tornado.http.*} server option onto {@code builder}; compression with {@code
   * server.compression.*} as its fallback.
   */
  static HTTPServer.Builder http(
      TornadoProperties.Http http,
      HTTPServer.Builder builder,
      SslBundles bundles,
      ServerCompressionFallback.BootCompression bootCompression) {
    protocolOptions(http, builder);
    builder.compression(ServerCompressionFallback.resolve(http.getCompression(), bootCompression));
    if (http.getSsl().tlsActive()) {
      builder.sslOptions(SslBundleOptions.of("http", http.getSsl(), bundles));
    }
    return builder;
  }

  /**
   * The {@code tornado.http.*} options of the HTTP protocol and its limits (not where to listen,
   * not TLS, not compression, which each server merges with Boot's settings) onto {@code builder}.
   */
  public static HTTPServer.Builder protocolOptions(
      TornadoProperties.Http http, HTTPServer.Builder builder) {
    return builder
        .noKeepAlive(http.isNoKeepAlive())
        .xheaders(http.isXheaders())
        .trustedDownstream(http.getTrustedDownstream())
        .trustedProxies(http.getForwarded().trustedPeers())
        .clientHeader(http.getForwarded().getClientHeader())
        .schemeHeader(http.getForwarded().getSchemeHeader())
        .protocol(http.getProtocol())
        .decompressRequest(http.isDecompressRequest())
        .chunkSize(toInt("tornado.http.chunk-size", http.getChunkSize()))
        .maxHeaderSize(toInt("tornado.http.max-header-size", http.getMaxHeaderSize()))
        .maxBodySize(http.getMaxBodySize().toBytes())
        .maxBufferSize(toInt("tornado.http.max-buffer-size", http.getMaxBufferSize()))
        .idleConnectionTimeout(http.getIdleConnectionTimeout())
        .bodyTimeout(http.getBodyTimeout())
        .maxConnections(http.getMaxConnections())
        .maxRequestsPerConnection(http.getMaxRequestsPerConnection())
        .accessLog(http.getAccessLog().toOptions())
        .proxyProtocol(http.getProxyProtocol().toOptions("tornado.http.proxy-protocol"));
  }

  /** Every {@code tornado.tcp.*} server option onto {@code builder}. */
  static TCPServer.Builder tcp(
      TornadoProperties.Tcp tcp, TCPServer.Builder builder, SslBundles bundles) {
    builder
        .maxBufferSize(toInt("tornado.tcp.max-buffer-size", tcp.getMaxBufferSize()))
        .proxyProtocol(tcp.getProxyProtocol().toOptions("tornado.tcp.proxy-protocol"));
    if (tcp.getSsl().tlsActive()) {
      builder.sslOptions(SslBundleOptions.of("tcp", tcp.getSsl(), bundles));
    }
    return builder;
  }

  /**
   * {@code size} in bytes as an int.
   *
   * @throws IllegalArgumentException naming the property when it does not fit
   */
  public static int toInt(String property, DataSize size) {
    long bytes = size.toBytes();
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          property + ": " + size + " (expected: at most " + Integer.MAX_VALUE + " bytes)");
    }
    return (int) bytes;
  }
}
