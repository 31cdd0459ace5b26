package io.github.tornadoserver.spring.webflux;

import io.github.tornadoserver.httputil.HTTPConnection;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPServerRequest;
import io.github.tornadoserver.httputil.RequestContext;
import io.github.tornadoserver.httputil.RequestStartLine;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;

/**
 * A request read by tornado-server, as Spring's {@link
 * org.springframework.http.server.reactive.ServerHttpRequest}: method, absolute URI (scheme from
 * the connection, authority from the {@code Host} header), headers in received order, cookies, the
 * remote address, TLS information and the body as read under back-pressure ({@link RequestBody}).
 *
 * <p>With {@code xheaders} and a trusted proxy, the URI, remote address and scheme are those the
 * proxy reported, as Reactor Netty gives them with {@code server.forward-headers-strategy=native}:
 * the forwarded host and port make the URI's authority, and a forwarded prefix is put before its
 * path and becomes the context path. The forwarded headers stay in {@link #getHeaders()}.
 */
final class TornadoServerHttpRequest extends AbstractServerHttpRequest {
  private final RequestStartLine startLine;
  private final HTTPHeaders coreHeaders;
  private final HTTPConnection connection;
  private final RequestContext context;
  private final RequestBody body;
  private final boolean tls;
  private HTTPServerRequest nativeRequest;

  private TornadoServerHttpRequest(
      RequestStartLine startLine,
      HTTPHeaders coreHeaders,
      URI uri,
      HttpHeaders headers,
      HTTPConnection connection,
      RequestBody body,
      boolean tls) {
    super(HttpMethod.valueOf(startLine.method()), uri, contextPath(connection.context()), headers);
    this.startLine = startLine;
    this.coreHeaders = coreHeaders;
    this.connection = connection;
    this.context = connection.context();
    this.body = body;
    this.tls = tls;
  }

  /**
   * The request of {@code startLine} and {@code headers}.
   *
   * @throws URISyntaxException when the request-target and {@code Host} make no valid URI
   */
  static TornadoServerHttpRequest of(
      RequestStartLine startLine,
      HTTPHeaders headers,
      HTTPConnection connection,
      RequestBody body,
      boolean tls)
      throws URISyntaxException {
    HttpHeaders springHeaders = new HttpHeaders();
    for (Map.Entry<String, String> header : headers.getAll()) {
      springHeaders.add(header.getKey(), header.getValue());
    }
    URI uri = uriOf(startLine, headers, connection.context());
    return new TornadoServerHttpRequest(
        startLine, headers, uri, springHeaders, connection, body, tls);
  }

  /** The forwarded prefix as the context path; null (the default, empty) without one. */
  private static String contextPath(RequestContext context) {
    return context.forwardedPrefix().isEmpty() ? null : context.forwardedPrefix();
  }

  /**
   * The URI of the request: as {@link #uriOf(String, String, String)}, except that a forwarded
   * host, port or prefix make it the URI the client used (core's {@link HTTPServerRequest#host()}
   * gives the authority, and the prefix goes before an origin-form target).
   */
  static URI uriOf(RequestStartLine startLine, HTTPHeaders headers, RequestContext context)
      throws URISyntaxException {
    String target = startLine.uri();
    boolean forwarded =
        context.forwardedHost() != null
            || context.forwardedPort() > 0
            || !context.forwardedPrefix().isEmpty();
    if (!forwarded || !target.startsWith("/")) {
      return uriOf(target, headers.get("Host"), context.protocol());
    }
    String authority = new HTTPServerRequest(startLine, headers, null, context, null).host();
    return uriOf(context.forwardedPrefix() + target, authority, context.protocol());
  }

  /**
   * RFC 9112 section 3.2: an origin-form target gets its scheme and authority from the connection
   * and the {@code Host} header; an absolute-form target is taken as it is.
   */
  static URI uriOf(String target, String host, String scheme) throws URISyntaxException {
    if (!target.startsWith("/") && !"*".equals(target)) {
      return new URI(target);
    }
    String authority = host == null || host.isEmpty() ? "localhost" : host;
    return new URI(scheme + "://" + authority + ("*".equals(target) ? "" : target));
  }

  @Override
  protected MultiValueMap<String, HttpCookie> initCookies() {
    MultiValueMap<String, HttpCookie> cookies = new LinkedMultiValueMap<>();
    for (String header : getHeaders().getOrEmpty(HttpHeaders.COOKIE)) {
      for (String pair : header.split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          String name = pair.substring(0, eq).trim();
          cookies.add(name, new HttpCookie(name, unquote(pair.substring(eq + 1).trim())));
        }
      }
    }
    return cookies;
  }

  /** RFC 6265 section 4.1.1: a cookie-value may be wrapped in double quotes. */
  private static String unquote(String value) {
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  @Override
  protected SslInfo initSslInfo() {
    if (!tls) {
      return null;
    }
    List<Certificate> chain = context.peerCertificates();
    X509Certificate[] peers =
        chain.stream()
            .filter(X509Certificate.class::isInstance)
            .map(X509Certificate.class::cast)
            .toArray(X509Certificate[]::new);
    String sessionId = connection.sslSession().map(s -> hex(s.getId())).orElse(null);
    return new PeerSslInfo(sessionId, peers);
  }

  /** The session id in lower-case hex, or null when the session has none. */
  private static String hex(byte[] id) {
    return id == null || id.length == 0 ? null : HexFormat.of().formatHex(id);
  }

  @Override
  public InetSocketAddress getRemoteAddress() {
    if (!(context.address() instanceof InetSocketAddress socket)) {
      return null;
    }
    String ip = context.remoteIp();
    if (ip.equals(socket.getAddress().getHostAddress())) {
      return socket;
    }
    try {
      // An IP literal, validated by the proxy-header parsing: no lookup happens.
      return new InetSocketAddress(InetAddress.getByName(ip), socket.getPort());
    } catch (UnknownHostException e) {
      return socket;
    }
  }

  /**
   * The address the request reached: the server's, or behind a PROXY protocol proxy the one the
   * proxy accepted on; null on a Unix socket.
   */
  @Override
  public InetSocketAddress getLocalAddress() {
    return connection.localAddress() instanceof InetSocketAddress local ? local : null;
  }

  @Override
  public Flux<DataBuffer> getBody() {
    return Flux.from(body);
  }

  /**
   * Core's {@link HTTPServerRequest} for this request (start line as sent, headers in received
   * order, client after {@code xheaders}), made on first use; its body is empty, since the body is
   * {@link #getBody()}.
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> T getNativeRequest() {
    if (nativeRequest == null) {
      nativeRequest = new HTTPServerRequest(startLine, coreHeaders, null, context, connection);
    }
    return (T) nativeRequest;
  }

  /** The session id (hex) and the peer's certificate chain. */
  private record PeerSslInfo(String sessionId, X509Certificate[] peers) implements SslInfo {
    @Override
    public String getSessionId() {
      return sessionId;
    }

    @Override
    public X509Certificate[] getPeerCertificates() {
      return peers.length == 0 ? null : peers.clone();
    }
  }
}
