package io.github.tornadoserver.spring.webflux;

import io.github.tornadoserver.httpserver.HTTPServer;
import io.github.tornadoserver.spring.HTTPServerCustomizer;
import io.github.tornadoserver.spring.IOLoopGroup;
import io.github.tornadoserver.spring.ServerCompressionFallback;
import io.github.tornadoserver.spring.ServerOptions;
import io.github.tornadoserver.spring.TornadoProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.web.server.Compression;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.reactive.AbstractReactiveWebServerFactory;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.util.unit.DataSize;

/**
 * Spring Boot's reactive web server factory for tornado-server: {@link #getWebServer} builds a core
 * {@code HTTPServer} serving Spring's {@link HttpHandler} on the application's loops.
 *
 * <p>Boot's {@code server.*} settings arrive through the setters of the base class (port, address,
 * SSL, shutdown, compression); HTTP/2 is refused with {@link UnsupportedServerOptionException}. The
 * {@code tornado.http.*} values without a {@code server.*} twin ({@link #setOptions}: processes,
 * backlog, reuse-port, timeouts, limits, xheaders, access log) apply too, and a {@code
 * tornado.http.compression.*} value that is set wins over its {@code server.compression.*} twin;
 * the application's {@link HTTPServerCustomizer}s apply last.
 */
public class TornadoReactiveWebServerFactory extends AbstractReactiveWebServerFactory {
  /** The drain deadline when none was set. */
  static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

  private final IOLoopGroup loops;
  private TornadoProperties.Http options = new TornadoProperties.Http();
  private DataSize maxHeaderSize;
  private Boolean useForwardHeaders;
  private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
  private final List<HTTPServerCustomizer> customizers = new ArrayList<>();

  /** A factory whose servers run on {@code loops}. */
  public TornadoReactiveWebServerFactory(IOLoopGroup loops) {
    this.loops = Objects.requireNonNull(loops, "loops");
  }

  /** The {@code tornado.http.*} options (its port, address and SSL are not used: Boot's are). */
  public void setOptions(TornadoProperties.Http options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** The most bytes of a request head; null for {@code tornado.http.max-header-size}. */
  public void setMaxHeaderSize(DataSize maxHeaderSize) {
    this.maxHeaderSize = maxHeaderSize;
  }

  /**
   * Whether the server honours forwarded headers (the core's {@code xheaders}), as Boot's {@code
   * server.forward-headers-strategy=native} asks of Reactor Netty; unset, {@code
   * tornado.http.xheaders} decides. The trusted proxies and header choices are {@code
   * tornado.http.forwarded.*}. Spring's {@code ForwardedHeaderTransformer}, which Boot registers
   * only for the {@code framework} strategy, must not be used as well.
   */
  public void setUseForwardHeaders(boolean useForwardHeaders) {
    this.useForwardHeaders = useForwardHeaders;
  }

  /** How long a graceful shutdown waits for requests in progress. */
  public void setDrainTimeout(Duration drainTimeout) {
    this.drainTimeout = Objects.requireNonNull(drainTimeout, "drainTimeout");
  }

  /** Customizers applied to every server's builder, in order, after every option. */
  public List<HTTPServerCustomizer> getCustomizers() {
    return customizers;
  }

  @Override
  public WebServer getWebServer(HttpHandler httpHandler) {
    refuseUnsupported();
    boolean tls = Ssl.isEnabled(getSsl());
    HTTPServer.Builder builder =
        HTTPServer.builder(new TornadoHttpHandlerAdapter(httpHandler, tls));
    WebFluxServerOptions.apply(options, builder);
    builder.compression(
        ServerCompressionFallback.resolve(options.getCompression(), bootCompression()));
    if (useForwardHeaders != null) {
      builder.xheaders(useForwardHeaders);
    }
    if (maxHeaderSize != null) {
      builder.maxHeaderSize(
          ServerOptions.toInt("server.max-http-request-header-size", maxHeaderSize));
    }
    if (tls) {
      builder.sslOptions(ServerSsl.of(getSsl(), getSslBundle(), getSslBundles()));
    }
    customizers.forEach(customizer -> customizer.customize(builder));
    String address = getAddress() == null ? null : getAddress().getHostAddress();
    TornadoWebServer.Listen listen =
        new TornadoWebServer.Listen(
            address,
            getPort(),
            WebFluxServerOptions.processes(options, loops),
            options.getBacklog(),
            options.isReusePort());
    return new TornadoWebServer(builder.build(), loops, listen, getShutdown(), drainTimeout, tls);
  }

  /** Boot's {@code server.compression.*}, as Boot's customizer set it on this factory. */
  private ServerCompressionFallback.BootCompression bootCompression() {
    Compression compression = getCompression();
    if (compression == null) {
      return ServerCompressionFallback.BootCompression.NONE;
    }
    return new ServerCompressionFallback.BootCompression(
        compression.getEnabled(),
        listOf(compression.getMimeTypes()),
        compression.getMinResponseSize(),
        listOf(compression.getExcludedUserAgents()));
  }

  private static List<String> listOf(String[] values) {
    return values == null ? null : List.of(values);
  }

  private void refuseUnsupported() {
    if (getHttp2() != null && getHttp2().isEnabled()) {
      throw new UnsupportedServerOptionException(
          "server.http2.enabled", "it serves HTTP/1.1 only, not HTTP/2");
    }
  }
}
