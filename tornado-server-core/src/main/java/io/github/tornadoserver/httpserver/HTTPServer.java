package io.github.tornadoserver.httpserver;

import io.github.tornadoserver.http1connection.HTTP1ConnectionParameters;
import io.github.tornadoserver.http1connection.HTTP1ServerConnection;
import io.github.tornadoserver.http1connection.RequestContextResolver;
import io.github.tornadoserver.httputil.HTTPServerConnectionDelegate;
import io.github.tornadoserver.httputil.HTTPServerRequest;
import io.github.tornadoserver.httputil.RejectionReason;
import io.github.tornadoserver.httputil.RequestContext;
import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.iostream.SSLIOStream;
import io.github.tornadoserver.iostream.StreamOptions;
import io.github.tornadoserver.netutil.NetUtil;
import io.github.tornadoserver.process.LoopGroup;
import io.github.tornadoserver.tcpserver.ListenOptions;
import io.github.tornadoserver.tcpserver.ListeningServer;
import io.github.tornadoserver.tcpserver.ProxyProtocol;
import io.github.tornadoserver.tcpserver.ServerListener;
import io.github.tornadoserver.tcpserver.TCPServer;
import io.github.tornadoserver.tcpserver.TrustedPeers;
import io.github.tornadoserver.tls.SSLOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A non-blocking HTTP/1.x server, Tornado's {@code HTTPServer}: it has a {@link TCPServer} and
 * serves each connection with an {@link HTTP1ServerConnection} feeding the {@link
 * HTTPServerConnectionDelegate}.
 *
 * <p>Start it as a {@code TCPServer} (Tornado's {@code HTTPServer} is one): {@link #listen}, {@link
 * #bind} then {@link #start}, or {@link #addSockets}; every {@link ListeningServer} method is the
 * TCP server's. {@link #stop()} stops accepting; {@link #closeAllConnections()} cuts every open
 * connection; {@link #shutdown(Duration)} drains: it stops accepting, closes idle connections, lets
 * requests in progress finish (their responses carry {@code Connection: close}) and closes what is
 * left at the deadline.
 *
 * <p>The options are copied at {@link Builder#build()}: changing the builder afterwards does not
 * change the server.
 *
 * <p>Threading: as {@link ListeningServer}.
 */
public final class HTTPServer implements ListeningServer {
  private static final Logger GEN_LOG = LoggerFactory.getLogger("tornado.general");

  private final TCPServer tcpServer;
  private final HTTPServerConnectionDelegate delegate;
  private final HTTP1ConnectionParameters params;
  private final Settings settings;
  private final Set<HTTP1ServerConnection> connections = ConcurrentHashMap.newKeySet();

  /** The options read per connection and per request, as they were at {@code build()}. */
  private record Settings(
      boolean xheaders,
      String protocol,
      ForwardedOptions forwarded,
      int maxConnections,
      Consumer<RejectionReason> rejectionListener,
      ServerListener listener) {}

  private HTTPServer(Builder builder) {
    this.delegate =
        ResponseTransforms.around(builder.delegate, builder.compression, builder.accessLog);
    this.settings =
        new Settings(
            builder.xheaders,
            builder.protocol,
            new ForwardedOptions(
                builder.trustedProxies,
                builder.trustedDownstream,
                builder.clientHeader,
                builder.schemeHeader),
            builder.maxConnections,
            builder.rejectionListener,
            builder.listener);
    this.params =
        new HTTP1ConnectionParameters(
            builder.noKeepAlive,
            builder.chunkSize,
            builder.maxHeaderSize,
            builder.idleConnectionTimeout,
            builder.maxBodySize,
            builder.bodyTimeout,
            builder.decompressRequest,
            builder.maxRequestsPerConnection);
    this.tcpServer =
        TCPServer.builder(this::handleStream)
            .sslOptions(builder.sslOptions)
            .streamOptions(StreamOptions.defaults().withMaxBufferSize(builder.maxBufferSize))
            .listener(builder.listener)
            .proxyProtocol(
                headerUnderIdleTimeout(builder.proxyProtocol, builder.idleConnectionTimeout))
            .build();
  }

  /** The PROXY header is part of the first request's wait: the idle timeout bounds it too. */
  private static ProxyProtocol headerUnderIdleTimeout(ProxyProtocol protocol, Duration idle) {
    if (!protocol.enabled() || idle == null || idle.compareTo(protocol.timeout()) >= 0) {
      return protocol;
    }
    return protocol.withTimeout(idle);
  }

  /** A builder for a server whose requests go to {@code delegate}, as they are read. */
  public static Builder builder(HTTPServerConnectionDelegate delegate) {
    return new Builder(delegate);
  }

  /**
   * A builder for a server that hands each whole request (body read) to {@code callback}, Tornado's
   * plain {@code request_callback}; answer with {@link HTTPServerRequest#respond} or through {@link
   * HTTPServerRequest#connection()}.
   */
  public static Builder builder(Consumer<HTTPServerRequest> callback) {
    return new Builder(new RequestCallbackAdapter(Objects.requireNonNull(callback, "callback")));
  }

  /** Every option of Tornado's {@code HTTPServer}, plus the limits it lacks. */
  public static final class Builder {
    private final HTTPServerConnectionDelegate delegate;
    private boolean noKeepAlive;
    private boolean xheaders;
    private SSLOptions sslOptions;
    private ProxyProtocol proxyProtocol = ProxyProtocol.off();
    private String protocol;
    private boolean decompressRequest;
    private int chunkSize = HTTP1ConnectionParameters.DEFAULT_CHUNK_SIZE;
    private int maxHeaderSize = HTTP1ConnectionParameters.DEFAULT_MAX_HEADER_SIZE;
    private Duration idleConnectionTimeout = HTTP1ConnectionParameters.DEFAULT_HEADER_TIMEOUT;
    private Duration bodyTimeout;
    private long maxBodySize = HTTP1ConnectionParameters.DEFAULT_MAX_BODY_SIZE;
    private int maxBufferSize = StreamOptions.DEFAULT_MAX_BUFFER_SIZE;
    private Set<String> trustedDownstream = Set.of();
    private TrustedPeers trustedProxies;
    private ForwardedOptions.ClientHeader clientHeader = ForwardedOptions.ClientHeader.TORNADO;
    private ForwardedOptions.SchemeHeader schemeHeader = ForwardedOptions.SchemeHeader.TORNADO;
    private int maxConnections;
    private int maxRequestsPerConnection;
    private Consumer<RejectionReason> rejectionListener = reason -> {};
    private ServerListener listener = ServerListener.NONE;
    private Compression compression = Compression.off();
    private AccessLog accessLog = AccessLog.off();

    private Builder(HTTPServerConnectionDelegate delegate) {
      this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** Close every connection after one response. */
    public Builder noKeepAlive(boolean value) {
      this.noKeepAlive = value;
      return this;
    }

    /**
     * Take the client IP, scheme, host, port and path prefix from the headers a reverse proxy sets
     * (see {@link XHeaders}): by default the client IP from X-Real-Ip / X-Forwarded-For and the
     * scheme from X-Scheme / X-Forwarded-Proto, as in Tornado ({@link #clientHeader}, {@link
     * #schemeHeader} choose others), and the host, port and prefix from {@code Forwarded} / {@code
     * X-Forwarded-Host}, {@code X-Forwarded-Port} and {@code X-Forwarded-Prefix}.
     *
     * <p>Without {@link #trustedProxies} every connection's headers are believed, as in Tornado:
     * then any client can claim any address and scheme unless every connection comes through a
     * proxy that sets or clears each of these headers. Off by default.
     */
    public Builder xheaders(boolean value) {
      this.xheaders = value;
      return this;
    }

    /** Serve HTTPS with these TLS options. */
    public Builder sslOptions(SSLOptions value) {
      this.sslOptions = value;
      return this;
    }

    /**
     * Read a PROXY protocol header before the first request of every connection, from the proxies
     * it trusts (see {@link ProxyProtocol}); the client it names is the request's {@code remoteIp},
     * before {@code xheaders}, and a v2 header saying the client spoke TLS to the proxy makes the
     * scheme {@code https}. The header must arrive within {@link #idleConnectionTimeout} as well as
     * its own timeout. Off by default.
     */
    public Builder proxyProtocol(ProxyProtocol value) {
      this.proxyProtocol = Objects.requireNonNull(value, "proxyProtocol");
      return this;
    }

    /** The scheme to report instead of {@code http}/{@code https} (behind a TLS proxy). */
    public Builder protocol(String value) {
      this.protocol = value;
      return this;
    }

    /** Inflate {@code Content-Encoding: gzip} request bodies. */
    public Builder decompressRequest(boolean value) {
      this.decompressRequest = value;
      return this;
    }

    /** The most body bytes per {@code dataReceived} call (default 64 KiB). */
    public Builder chunkSize(int value) {
      this.chunkSize = value;
      return this;
    }

    /**
     * The most bytes of a request head (default 64 KiB); beyond it, 431, or 414 when the request
     * line alone is longer.
     */
    public Builder maxHeaderSize(int value) {
      this.maxHeaderSize = value;
      return this;
    }

    /** How long a request head may take, idle keep-alive time included (default 1 h). */
    public Builder idleConnectionTimeout(Duration value) {
      this.idleConnectionTimeout = value;
      return this;
    }

    /** How long a whole request body may take (default: no limit). */
    public Builder bodyTimeout(Duration value) {
      this.bodyTimeout = value;
      return this;
    }

    /** The most body bytes (default 100 MiB); beyond it, 413. */
    public Builder maxBodySize(long value) {
      this.maxBodySize = value;
      return this;
    }

    /** The most bytes a connection buffers (default 100 MiB). */
    public Builder maxBufferSize(int value) {
      this.maxBufferSize = value;
      return this;
    }

    /**
     * Proxy addresses skipped when reading X-Forwarded-For (and {@code Forwarded}) from the right,
     * compared as exact strings.
     */
    public Builder trustedDownstream(Set<String> value) {
      this.trustedDownstream = Set.copyOf(value);
      return this;
    }

    /**
     * The proxies whose forwarded headers {@link #xheaders} believes: on a connection from any
     * other peer the headers are ignored and the socket's address and scheme stand. The peer
     * checked is the socket's (the proxy that talks to this server), also when a PROXY protocol
     * header names the client. Their addresses are skipped, as {@link #trustedDownstream}, when
     * reading X-Forwarded-For from the right. Null (the default) believes every peer, as in
     * Tornado; {@link TrustedPeers#none()} believes nobody.
     */
    public Builder trustedProxies(TrustedPeers value) {
      this.trustedProxies = value;
      return this;
    }

    /** The header {@link #xheaders} takes the client IP from (default: Tornado's choice). */
    public Builder clientHeader(ForwardedOptions.ClientHeader value) {
      this.clientHeader = Objects.requireNonNull(value, "clientHeader");
      return this;
    }

    /** The header {@link #xheaders} takes the scheme from (default: Tornado's choice). */
    public Builder schemeHeader(ForwardedOptions.SchemeHeader value) {
      this.schemeHeader = Objects.requireNonNull(value, "schemeHeader");
      return this;
    }

    /**
     * The most open connections (0 = no limit); beyond it a new connection is closed at once. A
     * connection taken over for another protocol ({@code detach}) counts until it closes.
     */
    public Builder maxConnections(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("maxConnections: " + value + " (expected: >= 0)");
      }
      this.maxConnections = value;
      return this;
    }

    /** The most requests on one connection (0 = no limit). */
    public Builder maxRequestsPerConnection(int value) {
      this.maxRequestsPerConnection = value;
      return this;
    }

    /**
     * Told the reason of every refused request (for metrics; {@link RejectionReason#tag()} is the
     * tag). Called on the connection's loop thread; with several loops, from several threads at
     * once. Refused connections go to {@link #listener}.
     */
    public Builder rejectionListener(Consumer<RejectionReason> value) {
      this.rejectionListener = Objects.requireNonNull(value, "rejectionListener");
      return this;
    }

    /**
     * Told of every connection accepted, closed and (HTTPS) handshaken, and of connections refused
     * at {@link #maxConnections} (reason {@code max_connections}); see {@link ServerListener}.
     */
    public Builder listener(ServerListener value) {
      this.listener = Objects.requireNonNull(value, "listener");
      return this;
    }

    /**
     * Gzip responses by these rules (see {@link Compression}); off by default, as in Tornado, where
     * it is the application's {@code compress_response} setting.
     */
    public Builder compression(Compression value) {
      this.compression = Objects.requireNonNull(value, "compression");
      return this;
    }

    /**
     * Write a line per request to the {@code tornado.access} logger (see {@link AccessLog}); off by
     * default, and then it costs nothing.
     */
    public Builder accessLog(AccessLog value) {
      this.accessLog = Objects.requireNonNull(value, "accessLog");
      return this;
    }

    /**
     * The server.
     *
     * @throws IllegalArgumentException naming any option out of range
     */
    public HTTPServer build() {
      return new HTTPServer(this);
    }
  }

  // ---------------------------------------------------------------- the TCP server's part

  @Override
  public void listen(int port, ListenOptions options) {
    tcpServer.listen(port, options);
  }

  @Override
  public void addSockets(List<ServerSocketChannel> sockets) {
    tcpServer.addSockets(sockets);
  }

  @Override
  public void addSocket(ServerSocketChannel socket) {
    tcpServer.addSocket(socket);
  }

  @Override
  public void bind(int port, ListenOptions options) {
    tcpServer.bind(port, options);
  }

  @Override
  public void bind(List<ServerSocketChannel> sockets) {
    tcpServer.bind(sockets);
  }

  @Override
  public void start(int n) {
    tcpServer.start(n);
  }

  @Override
  public void start(LoopGroup group) {
    tcpServer.start(group);
  }

  @Override
  public LoopGroup loopGroup() {
    return tcpServer.loopGroup();
  }

  @Override
  public CompletableFuture<Void> stop() {
    return tcpServer.stop();
  }

  @Override
  public List<SocketAddress> localAddresses() {
    return tcpServer.localAddresses();
  }

  @Override
  public int connectionCount() {
    return tcpServer.connectionCount();
  }

  @Override
  public void closeAllConnections() {
    tcpServer.closeAllConnections();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Each HTTP connection closes when idle: at once when no request is in progress, else after
   * its response, which carries {@code Connection: close}. Connections are told so twice: before
   * accepting stops (on a connection's own loop that comes first, so that no response of a request
   * in progress leaves without {@code Connection: close} once new connections are refused) and
   * again once accepting has stopped on every loop, for the connections accepted meanwhile. The TCP
   * server's drain then waits for their close events.
   */
  @Override
  public CompletableFuture<Boolean> shutdown(Duration timeout) {
    closeWhenIdle();
    CompletableFuture<Boolean> drained = tcpServer.shutdown(timeout);
    tcpServer.stop().thenRun(this::closeWhenIdle);
    return drained;
  }

  private void closeWhenIdle() {
    for (HTTP1ServerConnection connection : List.copyOf(connections)) {
      if (connection.ioLoop().inLoopThread()) {
        connection.closeWhenIdle();
      } else {
        connection.ioLoop().addCallback(connection::closeWhenIdle);
      }
    }
  }

  // ---------------------------------------------------------------- connections

  private CompletionStage<?> handleStream(IOStream stream, SocketAddress address) {
    if (refusedAtMaxConnections(address)) {
      stream.close();
      return null;
    }
    RequestContext context = contextOf(stream, address);
    HTTP1ServerConnection connection =
        new HTTP1ServerConnection(
            stream,
            params,
            context,
            settings.rejectionListener(),
            resolverFor(stream, socketPeer(stream, address)));
    connections.add(connection);
    connection.whenClosed().whenComplete((v, e) -> connections.remove(connection));
    connection.startServing(delegate);
    return null;
  }

  /** Whether {@code maxConnections} were already open; then the refusal is reported. */
  private boolean refusedAtMaxConnections(SocketAddress address) {
    if (settings.maxConnections() == 0) {
      return false;
    }
    int others = tcpServer.connectionCount() - 1; // the TCP server already counts this one
    if (others < settings.maxConnections()) {
      return false;
    }
    settings.listener().connectionRejected(RejectionReason.MAX_CONNECTIONS.tag());
    GEN_LOG.info(
        "Refused connection from {}: {} connections open (maxConnections)", address, others);
    return true;
  }

  /**
   * Per request: the TLS peer's certificates, then the proxy headers when {@code xheaders} and the
   * socket peer is a trusted proxy (decided once per connection).
   */
  private RequestContextResolver resolverFor(IOStream stream, SocketAddress socketPeer) {
    boolean forwarded = settings.xheaders() && settings.forwarded().honours(socketPeer);
    return (context, headers) -> {
      RequestContext resolved = context;
      if (stream instanceof SSLIOStream) {
        resolved = context.withPeerCertificates(((SSLIOStream) stream).peerCertificates());
      }
      return forwarded ? XHeaders.apply(resolved, headers, settings.forwarded()) : resolved;
    };
  }

  /**
   * The peer at the other end of the socket: {@code address}, unless a PROXY protocol header
   * replaced it with the client it named; then the socket's own peer, the proxy.
   */
  private static SocketAddress socketPeer(IOStream stream, SocketAddress address) {
    if (stream.proxyHeader() == null || stream.proxyHeader().local() || stream.channel() == null) {
      return address;
    }
    try {
      return stream.channel().getRemoteAddress();
    } catch (IOException e) {
      return null; // closed already: nobody to trust
    }
  }

  /** Whether a PROXY protocol header says the client reached the proxy over TLS. */
  private static boolean proxiedTls(IOStream stream) {
    return stream.proxyHeader() != null && stream.proxyHeader().tls();
  }

  private RequestContext contextOf(IOStream stream, SocketAddress address) {
    String scheme =
        settings.protocol() != null
            ? settings.protocol()
            : stream instanceof SSLIOStream || proxiedTls(stream) ? "https" : "http";
    String ip =
        address instanceof InetSocketAddress
            ? NetUtil.ipString(((InetSocketAddress) address).getAddress())
            : "0.0.0.0";
    return new RequestContext(address, ip, scheme, List.of());
  }
}
