package io.github.tornadoserver.spring;

import io.github.tornadoserver.httpserver.ForwardedOptions;
import io.github.tornadoserver.tcpserver.ProxyProtocol;
import io.github.tornadoserver.tcpserver.TrustedPeers;
import io.github.tornadoserver.tls.SSLOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * The {@code tornado.*} properties. Every default is the core's default (Tornado's) but two, chosen
 * for production behind a proxy:
 *
 * <ul>
 *   <li>{@code tornado.http.idle-connection-timeout} is 75 s (Tornado: an hour): above the 60 s
 *       that common proxies keep an idle upstream connection open (nginx's {@code
 *       keepalive_timeout}, AWS ALB's idle timeout), so that the proxy, not the server, closes an
 *       idle connection and never sends a request on one the server is closing;
 *   <li>{@code tornado.http.body-timeout} is 60 s (Tornado: none), so that a client that stops
 *       sending its body half-way does not hold a connection forever.
 * </ul>
 *
 * Where a {@code tornado.*} value is not set, Boot's {@code server.*} twin applies (see {@link
 * BootServerFallback}). Each default is explained in {@code docs/configuration.md}.
 */
@ConfigurationProperties("tornado")
public class TornadoProperties {
  private final Http http = new Http();
  private final Tcp tcp = new Tcp();
  private final Resolver resolver = new Resolver();

  /** How the servers stop: drain requests in progress first, or close every connection at once. */
  private Shutdown shutdown = Shutdown.GRACEFUL;

  public Http getHttp() {
    return http;
  }

  public Tcp getTcp() {
    return tcp;
  }

  public Resolver getResolver() {
    return resolver;
  }

  public Shutdown getShutdown() {
    return shutdown;
  }

  public void setShutdown(Shutdown shutdown) {
    this.shutdown = shutdown;
  }

  /** How the servers stop when the application context closes. */
  public enum Shutdown {
    /**
     * Stop accepting, let requests in progress finish and close idle connections, within {@code
     * spring.lifecycle.timeout-per-shutdown-phase}.
     */
    GRACEFUL,
    /** Stop accepting and close every connection at once. */
    IMMEDIATE
  }

  /** Where routed request handlers run. */
  public enum HandlerExecution {
    /** On the connection's loop thread: the fastest, for handlers that never block. */
    LOOP,
    /** On a new virtual thread per request (Java 21 or newer). */
    VIRTUAL_THREADS,
    /** On the application's task executor ({@code applicationTaskExecutor}). */
    EXECUTOR
  }

  /** Listening options shared by the HTTP and the TCP server. */
  public abstract static class Listener {
    /** Whether to start this server. */
    private boolean enabled = true;

    /** The IP address or host name to listen on; empty for every interface. */
    private String address;

    /** A Unix-domain socket file to listen on as well (or only, with port -1). */
    private String unixSocket;

    /** Whether every loop binds its own SO_REUSEPORT socket on the port. */
    private boolean reusePort;

    /** The listen backlog of each socket. */
    private int backlog = 128;

    /** The number of loops that accept connections; 0 for one per processor. */
    private int processes = 1;

    /** TLS for this server, from a Spring Boot SSL bundle. */
    @NestedConfigurationProperty private final Ssl ssl = new Ssl();

    /** The PROXY protocol header a load balancer in front sends (off by default). */
    @NestedConfigurationProperty private final Proxy proxyProtocol = new Proxy();

    /** The port to listen on: 0 for a free port chosen by the system, -1 for none. */
    public abstract int getPort();

    /** Whether to start this server. */
    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getAddress() {
      return address;
    }

    public void setAddress(String address) {
      this.address = address;
    }

    public String getUnixSocket() {
      return unixSocket;
    }

    public void setUnixSocket(String unixSocket) {
      this.unixSocket = unixSocket;
    }

    public boolean isReusePort() {
      return reusePort;
    }

    public void setReusePort(boolean reusePort) {
      this.reusePort = reusePort;
    }

    public int getBacklog() {
      return backlog;
    }

    public void setBacklog(int backlog) {
      this.backlog = backlog;
    }

    public int getProcesses() {
      return processes;
    }

    public void setProcesses(int processes) {
      this.processes = processes;
    }

    public Ssl getSsl() {
      return ssl;
    }

    public Proxy getProxyProtocol() {
      return proxyProtocol;
    }
  }

  /** The {@code tornado.http.*} properties: the HTTP server. */
  public static class Http extends Listener {
    /** The port to listen on: 0 for a free port chosen by the system, -1 for none. */
    private int port = 8888;

    /** Whether to close every connection after one response. */
    private boolean noKeepAlive;

    /**
     * Whether to take the client IP, scheme, host, port and prefix from the headers a reverse proxy
     * sets (X-Real-Ip, X-Forwarded-*, X-Scheme, Forwarded); see tornado.http.forwarded.*. When
     * neither this nor tornado.http.forwarded.strategy is set, server.forward-headers-strategy
     * decides.
     */
    private boolean xheaders;

    /** Which forwarded headers to believe, and from whom. */
    @NestedConfigurationProperty private final Forwarded forwarded = new Forwarded();

    /** Proxy addresses skipped when reading X-Forwarded-For from the right. */
    private Set<String> trustedDownstream = new LinkedHashSet<>();

    /** The scheme to report instead of http or https, for a server behind a TLS proxy. */
    private String protocol;

    /** Whether to inflate request bodies sent with Content-Encoding: gzip. */
    private boolean decompressRequest;

    /** The most body bytes handed to a handler at once. */
    private DataSize chunkSize = DataSize.ofKilobytes(64);

    /** The most bytes of a request head; beyond it the answer is 431. */
    private DataSize maxHeaderSize = DataSize.ofKilobytes(64);

    /** The most bytes of a request body; beyond it the answer is 413. */
    private DataSize maxBodySize = DataSize.ofMegabytes(100);

    /** The most bytes a connection buffers while reading. */
    private DataSize maxBufferSize = DataSize.ofMegabytes(100);

    /**
     * How long a request head may take, idle keep-alive time included; above a proxy's upstream
     * keep-alive timeout.
     */
    private Duration idleConnectionTimeout = Duration.ofSeconds(75);

    /** How long a whole request body may take. */
    private Duration bodyTimeout = Duration.ofSeconds(60);

    /** The most open connections; 0 for no limit. */
    private int maxConnections;

    /** The most requests on one connection; 0 for no limit. */
    private int maxRequestsPerConnection;

    /** Where routed request handlers run: on the loop, on virtual threads, or on an executor. */
    private HandlerExecution handlerExecution = HandlerExecution.LOOP;

    /** Response compression; unset values fall back to server.compression.*. */
    @NestedConfigurationProperty
    private final CompressionProperties compression = new CompressionProperties();

    /** The access log on the tornado.access logger. */
    @NestedConfigurationProperty
    private final AccessLogProperties accessLog = new AccessLogProperties();

    /**
     * The most threads that run blocking routes when handlers run on the loop and the JVM has no
     * virtual threads (Java 17-20): requests beyond it wait in a queue.
     */
    private int blockingThreads = 200;

    /** The bodies of the errors the router and the server generate. */
    @NestedConfigurationProperty private final ErrorBody errorBody = new ErrorBody();

    @Override
    public int getPort() {
      return port;
    }

    public void setPort(int port) {
      this.port = port;
    }

    public boolean isNoKeepAlive() {
      return noKeepAlive;
    }

    public void setNoKeepAlive(boolean noKeepAlive) {
      this.noKeepAlive = noKeepAlive;
    }

    public boolean isXheaders() {
      return xheaders;
    }

    public void setXheaders(boolean xheaders) {
      this.xheaders = xheaders;
    }

    public Forwarded getForwarded() {
      return forwarded;
    }

    public Set<String> getTrustedDownstream() {
      return trustedDownstream;
    }

    public void setTrustedDownstream(Set<String> trustedDownstream) {
      this.trustedDownstream = trustedDownstream;
    }

    public String getProtocol() {
      return protocol;
    }

    public void setProtocol(String protocol) {
      this.protocol = protocol;
    }

    public boolean isDecompressRequest() {
      return decompressRequest;
    }

    public void setDecompressRequest(boolean decompressRequest) {
      this.decompressRequest = decompressRequest;
    }

    public DataSize getChunkSize() {
      return chunkSize;
    }

    public void setChunkSize(DataSize chunkSize) {
      this.chunkSize = chunkSize;
    }

    public DataSize getMaxHeaderSize() {
      return maxHeaderSize;
    }

    public void setMaxHeaderSize(DataSize maxHeaderSize) {
      this.maxHeaderSize = maxHeaderSize;
    }

    public DataSize getMaxBodySize() {
      return maxBodySize;
    }

    public void setMaxBodySize(DataSize maxBodySize) {
      this.maxBodySize = maxBodySize;
    }

    public DataSize getMaxBufferSize() {
      return maxBufferSize;
    }

    public void setMaxBufferSize(DataSize maxBufferSize) {
      this.maxBufferSize = maxBufferSize;
    }

    public Duration getIdleConnectionTimeout() {
      return idleConnectionTimeout;
    }

    public void setIdleConnectionTimeout(Duration idleConnectionTimeout) {
      this.idleConnectionTimeout = idleConnectionTimeout;
    }

    public Duration getBodyTimeout() {
      return bodyTimeout;
    }

    public void setBodyTimeout(Duration bodyTimeout) {
      this.bodyTimeout = bodyTimeout;
    }

    public int getMaxConnections() {
      return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
    }

    public int getMaxRequestsPerConnection() {
      return maxRequestsPerConnection;
    }

    public void setMaxRequestsPerConnection(int maxRequestsPerConnection) {
      this.maxRequestsPerConnection = maxRequestsPerConnection;
    }

    public HandlerExecution getHandlerExecution() {
      return handlerExecution;
    }

    public void setHandlerExecution(HandlerExecution handlerExecution) {
      this.handlerExecution = handlerExecution;
    }

    public CompressionProperties getCompression() {
      return compression;
    }

    public AccessLogProperties getAccessLog() {
      return accessLog;
    }

    public int getBlockingThreads() {
      return blockingThreads;
    }

    public void setBlockingThreads(int blockingThreads) {
      if (blockingThreads < 1) {
        throw new IllegalArgumentException(
            "tornado.http.blocking-threads: " + blockingThreads + " (expected: >= 1)");
      }
      this.blockingThreads = blockingThreads;
    }

    public ErrorBody getErrorBody() {
      return errorBody;
    }
  }

  /** The {@code tornado.http.error-body.*} properties. */
  public static class ErrorBody {
    /**
     * Whether 404, 405, 500 and the server's refusals (400, 413, 431...) carry a body in the shape
     * of Spring Boot's error response (JSON, or plain text for a client that takes only text).
     */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** The {@code tornado.tcp.*} properties: the raw TCP server of a stream-handler bean. */
  public static class Tcp extends Listener {
    /** The port to listen on: 0 for a free port chosen by the system, -1 for none. */
    private int port = 8889;

    /** The most bytes a connection buffers while reading. */
    private DataSize maxBufferSize = DataSize.ofMegabytes(100);

    @Override
    public int getPort() {
      return port;
    }

    public void setPort(int port) {
      this.port = port;
    }

    public DataSize getMaxBufferSize() {
      return maxBufferSize;
    }

    public void setMaxBufferSize(DataSize maxBufferSize) {
      this.maxBufferSize = maxBufferSize;
    }
  }

  /**
   * The forwarded headers of a reverse proxy: whether the HTTP server honours them (as Boot's
   * {@code server.forward-headers-strategy}), from which proxies, and which header gives the client
   * address and which the scheme.
   */
  public static class Forwarded {
    /**
     * native to honour the forwarded headers, none to ignore them, framework to leave them to
     * Spring's ForwardedHeaderTransformer or ForwardedHeaderFilter (the server ignores them). When
     * unset, tornado.http.xheaders decides, else server.forward-headers-strategy.
     */
    private ForwardHeadersStrategy strategy;

    /**
     * The proxies whose forwarded headers are believed: IP addresses, CIDR networks, or unix. The
     * peer checked is the one the socket is connected to, also with the PROXY protocol. Empty
     * believes every peer, which is only safe behind a proxy that sets or clears every such header.
     */
    private List<String> trustedProxies = new ArrayList<>();

    /**
     * The header that gives the client address: tornado (X-Real-Ip, else X-Forwarded-For),
     * x-forwarded-for, x-real-ip, or forwarded (RFC 7239 for=).
     */
    private ForwardedOptions.ClientHeader clientHeader = ForwardedOptions.ClientHeader.TORNADO;

    /**
     * The header that gives the scheme: tornado (X-Scheme, else X-Forwarded-Proto), x-scheme,
     * x-forwarded-proto, or forwarded (RFC 7239 proto=).
     */
    private ForwardedOptions.SchemeHeader schemeHeader = ForwardedOptions.SchemeHeader.TORNADO;

    public ForwardHeadersStrategy getStrategy() {
      return strategy;
    }

    public void setStrategy(ForwardHeadersStrategy strategy) {
      this.strategy = strategy;
    }

    public List<String> getTrustedProxies() {
      return trustedProxies;
    }

    public void setTrustedProxies(List<String> trustedProxies) {
      this.trustedProxies = trustedProxies;
    }

    public ForwardedOptions.ClientHeader getClientHeader() {
      return clientHeader;
    }

    public void setClientHeader(ForwardedOptions.ClientHeader clientHeader) {
      this.clientHeader = clientHeader;
    }

    public ForwardedOptions.SchemeHeader getSchemeHeader() {
      return schemeHeader;
    }

    public void setSchemeHeader(ForwardedOptions.SchemeHeader schemeHeader) {
      this.schemeHeader = schemeHeader;
    }

    /**
     * The trusted proxies as the core option: null (every peer) when none are listed.
     *
     * @throws IllegalArgumentException naming the property and the entry that is no address
     */
    public TrustedPeers trustedPeers() {
      if (trustedProxies.isEmpty()) {
        return null;
      }
      try {
        return TrustedPeers.of(trustedProxies);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "tornado.http.forwarded.trusted-proxies: " + e.getMessage(), e);
      }
    }
  }

  /** Whether the HTTP server honours forwarded headers, as Boot's own strategy values. */
  public enum ForwardHeadersStrategy {
    /** The server honours them. */
    NATIVE,
    /** Spring's forwarded-header support handles them; the server ignores them. */
    FRAMEWORK,
    /** Nobody honours them. */
    NONE
  }

  /**
   * The PROXY protocol (HAProxy's {@code send-proxy} and {@code send-proxy-v2}, AWS NLB, many
   * ingresses): a header before anything else on each connection that names the real client.
   */
  public static class Proxy {
    /** Whether a header is read: off, required, or optional (detected by its first bytes). */
    private ProxyProtocol.Mode mode = ProxyProtocol.Mode.OFF;

    /** The proxies allowed to send a header: IP addresses, CIDR networks, or unix. */
    private List<String> trustedPeers = new ArrayList<>();

    /** The longest header accepted. */
    private DataSize maxHeaderLength = DataSize.ofBytes(ProxyProtocol.DEFAULT_MAX_HEADER_LENGTH);

    /** How long the header may take to arrive after the connection opens. */
    private Duration timeout = ProxyProtocol.DEFAULT_TIMEOUT;

    public ProxyProtocol.Mode getMode() {
      return mode;
    }

    public void setMode(ProxyProtocol.Mode mode) {
      this.mode = mode;
    }

    public List<String> getTrustedPeers() {
      return trustedPeers;
    }

    public void setTrustedPeers(List<String> trustedPeers) {
      this.trustedPeers = trustedPeers;
    }

    public DataSize getMaxHeaderLength() {
      return maxHeaderLength;
    }

    public void setMaxHeaderLength(DataSize maxHeaderLength) {
      this.maxHeaderLength = maxHeaderLength;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    /**
     * The core option these properties make.
     *
     * @throws IllegalArgumentException naming {@code prefix} when the values make no valid option
     */
    public ProxyProtocol toOptions(String prefix) {
      if (mode == ProxyProtocol.Mode.OFF) {
        return ProxyProtocol.off();
      }
      try {
        TrustedPeers peers = TrustedPeers.of(trustedPeers);
        long length = maxHeaderLength.toBytes();
        int bounded = (int) Math.min(length, Integer.MAX_VALUE);
        return new ProxyProtocol(mode, peers, bounded, timeout);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(prefix + ": " + e.getMessage(), e);
      }
    }
  }

  /** TLS from a Spring Boot SSL bundle ({@code spring.ssl.bundle.pem.*} or {@code jks.*}). */
  public static class Ssl {
    /** Whether to serve TLS when a bundle is named. */
    private boolean enabled = true;

    /** The name of the Spring Boot SSL bundle holding the key, certificate and trust material. */
    private String bundle;

    /** Whether to ask for, or require, a client certificate. */
    private SSLOptions.ClientAuth clientAuth = SSLOptions.ClientAuth.NONE;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getBundle() {
      return bundle;
    }

    public void setBundle(String bundle) {
      this.bundle = bundle;
    }

    public SSLOptions.ClientAuth getClientAuth() {
      return clientAuth;
    }

    public void setClientAuth(SSLOptions.ClientAuth clientAuth) {
      this.clientAuth = clientAuth;
    }

    /** Whether TLS is on: enabled and a bundle named. */
    public boolean tlsActive() {
      return enabled && bundle != null && !bundle.isBlank();
    }
  }

  /** The {@code tornado.resolver.*} properties: the name resolver shared by clients. */
  public static class Resolver {
    /** The kind of resolver: default, executor, blocking, threaded or override. */
    private String type = "default";

    /** The threads of an executor or threaded resolver. */
    private int threads = 10;

    /** With type override: host, host:port or host:port:inet|inet6 mapped to host or host:port. */
    private Map<String, String> overrides = new LinkedHashMap<>();

    public String getType() {
      return type;
    }

    public void setType(String type) {
      this.type = type;
    }

    public int getThreads() {
      return threads;
    }

    public void setThreads(int threads) {
      this.threads = threads;
    }

    public Map<String, String> getOverrides() {
      return overrides;
    }

    public void setOverrides(Map<String, String> overrides) {
      this.overrides = overrides;
    }
  }
}
