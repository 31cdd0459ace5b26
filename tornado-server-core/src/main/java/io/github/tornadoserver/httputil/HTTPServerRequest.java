package io.github.tornadoserver.httputil;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One complete HTTP request as seen by an application, Tornado's {@code HTTPServerRequest}: the
 * start line, header fields, the whole body, where it came from, and the connection to answer on.
 *
 * <p>Derived views (path, query, host, arguments, files, cookies) are computed from the start line
 * and headers; the argument, file and cookie maps are parsed on first use and then cached. All
 * returned maps and lists are unmodifiable. Instances are safe to read from any thread, but the
 * {@link #connection()} must only be used on its loop thread.
 *
 * <p>Unlike Tornado's constructor this one does not validate the {@code Host} field (missing,
 * invalid or repeated Host is the HTTP layer's 400, see {@link HTTPUtil#isValidHost}); it only
 * reads it.
 */
public final class HTTPServerRequest {

  private static final byte[] EMPTY = new byte[0];

  private static final VarHandle FINISHED_AFTER;

  static {
    try {
      FINISHED_AFTER =
          MethodHandles.lookup()
              .findVarHandle(HTTPServerRequest.class, "finishedAfter", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final RequestStartLine startLine;
  private final HTTPHeaders headers;
  private final byte[] body;
  private final RequestContext context;
  private final HTTPConnection connection;
  private final long startTime;
  private final String host;
  private final int port;
  private final String path;
  private final String query;

  /**
   * The nanoseconds from {@link #startTime} to {@link #markFinished()}, plus one; 0 while not
   * finished. One field set by one compare-and-set: the first call wins without a lock, which the
   * HTTP server's loop thread would otherwise take and release for every request.
   */
  private volatile long finishedAfter;

  private Map<String, List<String>> queryArguments;
  private Map<String, List<String>> bodyArguments;
  private HTTPInputException bodyFailure;
  private Map<String, List<HTTPFile>> files;
  private Map<String, List<String>> arguments;
  private Map<String, String> cookies;

  /**
   * Creates the request and starts its clock ({@link #startTime()}).
   *
   * @param startLine the request line
   * @param headers the header fields; kept, not copied
   * @param body the whole body, kept, not copied; null means empty
   * @param context where the request came from (after {@code xheaders} were applied)
   * @param connection where to write the response; may be null (tests, offline use), in which case
   *     {@link #respond} fails
   * @throws NullPointerException if {@code startLine}, {@code headers} or {@code context} is null
   */
  public HTTPServerRequest(
      RequestStartLine startLine,
      HTTPHeaders headers,
      byte[] body,
      RequestContext context,
      HTTPConnection connection) {
    this.startLine = Objects.requireNonNull(startLine, "startLine");
    this.headers = Objects.requireNonNull(headers, "headers");
    this.context = Objects.requireNonNull(context, "context");
    this.body = body == null ? EMPTY : body;
    this.connection = connection;
    this.startTime = System.nanoTime();

    String uri = startLine.uri();
    String authority = null;
    String target = uri;
    int schemeEnd = absoluteFormSchemeEnd(uri);
    if (schemeEnd > 0) {
      // RFC 9112 section 3.2.2: absolute-form; the target's authority replaces the Host field.
      int authStart = schemeEnd + 3;
      int authEnd = authStart;
      while (authEnd < uri.length() && "/?#".indexOf(uri.charAt(authEnd)) < 0) {
        authEnd++;
      }
      authority = uri.substring(authStart, authEnd);
      // RFC 9110 section 4.2.4: userinfo is deprecated in http(s) URIs; it is never the host.
      authority = authority.substring(authority.lastIndexOf('@') + 1);
      target = uri.substring(authEnd);
    }
    int hash = target.indexOf('#');
    if (schemeEnd > 0 && hash >= 0) {
      target = target.substring(0, hash);
    }
    int q = target.indexOf('?');
    String p = q < 0 ? target : target.substring(0, q);
    this.query = q < 0 ? "" : target.substring(q + 1);
    // RFC 9110 section 4.2.3: an empty path in an http(s) URI is equivalent to "/".
    this.path = schemeEnd > 0 && p.isEmpty() ? "/" : p;

    String h = authority != null && !authority.isEmpty() ? authority : headers.get("Host");
    h = context.forwardedHost() != null ? context.forwardedHost() : h;
    h = h == null || h.isEmpty() ? "127.0.0.1" : h;
    this.port = context.forwardedPort() > 0 ? context.forwardedPort() : portOf(h, context);
    this.host = context.forwardedPort() > 0 ? withPort(h, port, context.protocol()) : h;
  }

  /** The port in {@code authority}, else the scheme's default. */
  private static int portOf(String authority, RequestContext context) {
    int port = HTTPUtil.portOf(authority);
    return port >= 1 && port <= 65535 ? port : defaultPort(context.protocol());
  }

  private static int defaultPort(String scheme) {
    return "https".equals(scheme) ? 443 : 80;
  }

  /** {@code authority} with its port replaced by {@code port}, left out when the default. */
  private static String withPort(String authority, int port, String scheme) {
    String name = HTTPUtil.splitHostAndPort(authority)[0];
    String bracketed = name.indexOf(':') >= 0 ? "[" + name + "]" : name;
    return port == defaultPort(scheme) ? bracketed : bracketed + ":" + port;
  }

  /**
   * Returns the end of the scheme of an absolute-form target ({@code scheme "://"}, RFC 3986
   * section 3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )), or -1 for any other form.
   */
  private static int absoluteFormSchemeEnd(String uri) {
    if (uri.isEmpty() || !isAlpha(uri.charAt(0))) {
      return -1;
    }
    for (int i = 1; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == ':') {
        return uri.startsWith("//", i + 1) ? i : -1;
      }
      if (!isAlpha(c) && !Ascii.isDigit(c) && c != '+' && c != '-' && c != '.') {
        return -1;
      }
    }
    return -1;
  }

  private static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /**
   * The request method, case preserved.
   *
   * @return the method token, for example {@code GET}
   */
  public String method() {
    return startLine.method();
  }

  /**
   * The request-target exactly as received.
   *
   * @return the target, in any of the forms of RFC 9112 section 3.2
   */
  public String uri() {
    return startLine.uri();
  }

  /**
   * The protocol version of the request line.
   *
   * @return for example {@code HTTP/1.1}
   */
  public String version() {
    return startLine.version();
  }

  /**
   * The request line.
   *
   * @return the start line given to the constructor
   */
  public RequestStartLine startLine() {
    return startLine;
  }

  /**
   * The header fields, the object given to the constructor (mutable; changes are not reflected in
   * views already computed such as {@link #host()}).
   *
   * @return the headers
   */
  public HTTPHeaders headers() {
    return headers;
  }

  /**
   * The whole request body, after any transfer and content decoding the HTTP layer did. Not copied:
   * callers should not modify it.
   *
   * @return the body, never null (empty when there was none)
   */
  public byte[] body() {
    return body;
  }

  /**
   * The client's IP address as a string, from {@link #context()}.
   *
   * @return the remote IP ({@code "0.0.0.0"} for a Unix-domain peer)
   */
  public String remoteIp() {
    return context.remoteIp();
  }

  /**
   * The scheme the client used, from {@link #context()}.
   *
   * @return {@code "http"} or {@code "https"}
   */
  public String protocol() {
    return context.protocol();
  }

  /**
   * The authority the request is for: for an absolute-form target (RFC 9112 section 3.2.2) the
   * target's authority (the {@code Host} field is then ignored, as that section requires);
   * otherwise the {@code Host} field value; when neither is present or it is empty, {@code
   * "127.0.0.1"} as in Tornado. With {@code xheaders} and a trusted proxy, the host the client used
   * as the proxy reported it ({@link RequestContext#forwardedHost()}), and with a forwarded port
   * that port, left out when it is the scheme's default.
   *
   * @return the host, possibly with a port, for example {@code example.com:8080} or {@code
   *     [::1]:8080}
   */
  public String host() {
    return host;
  }

  /**
   * The port the client connected to: the forwarded port ({@link RequestContext#forwardedPort()})
   * when a trusted proxy reported one, else the port in {@link #host()}, else the default of {@link
   * #protocol()} (443 for {@code https}, 80 otherwise).
   *
   * @return 1 to 65535
   */
  public int port() {
    return port;
  }

  /**
   * The path prefix a trusted proxy removed before forwarding ({@code X-Forwarded-Prefix}), to put
   * before {@link #path()} in links back to the application; empty when none.
   *
   * @return for example {@code /app}, or {@code ""}
   */
  public String forwardedPrefix() {
    return context.forwardedPrefix();
  }

  /**
   * {@link #host()} without the port, IPv6 brackets removed, lower-cased (host names are
   * case-insensitive, RFC 3986 section 3.2.2).
   *
   * @return for example {@code example.com} or {@code ::1}
   */
  public String hostName() {
    return Ascii.lower(HTTPUtil.splitHostAndPort(host)[0]);
  }

  /**
   * The path of the target, raw (not percent-decoded): everything before the first {@code ?}. For
   * an absolute-form target, the part after the authority, and {@code "/"} when that is empty (RFC
   * 9110 section 4.2.3). A path such as {@code //a} of an origin-form target is a path, never an
   * authority.
   *
   * @return the path; {@code "*"} for an asterisk-form target, the authority for authority-form
   */
  public String path() {
    return path;
  }

  /**
   * The query of the target, raw: everything after the first {@code ?}.
   *
   * @return the query, empty when there is none
   */
  public String query() {
    return query;
  }

  /**
   * The arguments of the query string, parsed as {@link HTTPUtil#parseQueryString} keeping blank
   * values (Tornado does).
   *
   * @return an unmodifiable map, names in order of first appearance
   */
  public synchronized Map<String, List<String>> queryArguments() {
    if (queryArguments == null) {
      queryArguments = freeze(HTTPUtil.parseQueryString(query, true));
    }
    return queryArguments;
  }

  /**
   * The arguments of a form body ({@code application/x-www-form-urlencoded} or {@code
   * multipart/form-data}), parsed as {@link HTTPUtil#parseBodyArguments} with the request's {@code
   * Content-Type}. The body is parsed once; a malformed body fails this call (and {@link #files()}
   * and {@link #arguments()}) every time, so that "no arguments" and "bad body" differ. Tornado
   * raises {@code HTTPInputError} here, which its web layer answers with 400.
   *
   * @return an unmodifiable map, empty for other content types
   * @throws HTTPInputException if the body cannot be parsed as its {@code Content-Type} says; the
   *     message names what was wrong
   */
  public synchronized Map<String, List<String>> bodyArguments() throws HTTPInputException {
    parseBody();
    return bodyArguments;
  }

  /**
   * The files of a {@code multipart/form-data} body, by field name.
   *
   * @return an unmodifiable map
   * @throws HTTPInputException if the body cannot be parsed (see {@link #bodyArguments()})
   */
  public synchronized Map<String, List<HTTPFile>> files() throws HTTPInputException {
    parseBody();
    return files;
  }

  /**
   * The query arguments then the body arguments, merged by name (Tornado's {@code arguments}).
   *
   * @return an unmodifiable map; for a name in both, the query values come first
   * @throws HTTPInputException if the body cannot be parsed (see {@link #bodyArguments()})
   */
  public synchronized Map<String, List<String>> arguments() throws HTTPInputException {
    if (arguments == null) {
      Map<String, List<String>> merged = new LinkedHashMap<>();
      queryArguments()
          .forEach((k, v) -> merged.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
      bodyArguments()
          .forEach((k, v) -> merged.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
      arguments = freeze(merged);
    }
    return arguments;
  }

  private void parseBody() throws HTTPInputException {
    if (bodyFailure != null) {
      throw bodyFailure;
    }
    if (bodyArguments != null) {
      return;
    }
    Map<String, List<String>> args = new LinkedHashMap<>();
    Map<String, List<HTTPFile>> fs = new LinkedHashMap<>();
    try {
      HTTPUtil.parseBodyArguments(headers.get("Content-Type"), body, args, fs, headers);
    } catch (HTTPInputException e) {
      bodyFailure = e;
      throw e;
    }
    bodyArguments = freeze(args);
    files = freeze(fs);
  }

  private static <T> Map<String, List<T>> freeze(Map<String, List<T>> map) {
    Map<String, List<T>> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(copy);
  }

  /**
   * The cookies of every {@code Cookie} field, parsed as {@link HTTPUtil#parseCookie}. Each field
   * is parsed on its own (joining them with a comma, as Tornado does, would glue two cookies into
   * one value); when a name repeats, the first value wins.
   *
   * @return an unmodifiable map in order of appearance
   */
  public synchronized Map<String, String> cookies() {
    if (cookies == null) {
      Map<String, String> all = new LinkedHashMap<>();
      for (String field : headers.getList("Cookie")) {
        HTTPUtil.parseCookie(field).forEach(all::putIfAbsent);
      }
      cookies = Collections.unmodifiableMap(all);
    }
    return cookies;
  }

  /**
   * The URL the client asked for: {@code protocol() + "://" + host() + forwardedPrefix() + uri()}
   * for an origin-form target. For an absolute-form target the target itself with the scheme and
   * authority replaced by the effective ones (RFC 9110 section 7.1 reconstructs the target URI the
   * same way), and the prefix put before its path.
   *
   * @return the full URL
   */
  public String fullUrl() {
    String uri = uri();
    if (absoluteFormSchemeEnd(uri) > 0) {
      String q = query.isEmpty() && !uri.contains("?") ? "" : "?" + query;
      return protocol() + "://" + host + forwardedPrefix() + path + q;
    }
    return protocol() + "://" + host + forwardedPrefix() + uri;
  }

  /**
   * When the request object was created, in {@link System#nanoTime()} units.
   *
   * @return the start time
   */
  public long startTime() {
    return startTime;
  }

  /**
   * Records that the response was finished, stopping {@link #requestTime()}'s clock. Only the first
   * call counts. The HTTP server calls this when the connection reports the response finished.
   */
  public void markFinished() {
    if (finishedAfter == 0) {
      long elapsed = Math.max(0, System.nanoTime() - startTime);
      FINISHED_AFTER.compareAndSet(this, 0L, elapsed + 1);
    }
  }

  /**
   * How long the request took: from construction to {@link #markFinished()}, or to now while it is
   * not finished.
   *
   * @return a non-negative duration
   */
  public Duration requestTime() {
    long after = finishedAfter;
    return Duration.ofNanos(after != 0 ? after - 1 : Math.max(0, System.nanoTime() - startTime));
  }

  /**
   * The client's certificate chain, from {@link #context()}.
   *
   * @return the chain, leaf first; empty without TLS client authentication
   */
  public List<Certificate> peerCertificates() {
    return context.peerCertificates();
  }

  /**
   * Where to write the response.
   *
   * @return the connection, or null when none was given
   */
  public HTTPConnection connection() {
    return connection;
  }

  /**
   * Where the request came from.
   *
   * @return the context given to the constructor
   */
  public RequestContext context() {
    return context;
  }

  /**
   * Whether the client speaks HTTP/1.1 (and so understands chunked responses and persistent
   * connections by default, RFC 9112 sections 7.1 and 9.3).
   *
   * @return true if {@link #version()} is exactly {@code HTTP/1.1}
   */
  public boolean supportsHttp11() {
    return "HTTP/1.1".equals(version());
  }

  /**
   * Writes a complete response through {@link #connection()} ({@link HTTPConnection#respond}): an
   * {@code HTTP/1.1} status line with the standard reason phrase, the headers, the body, then
   * finishes. The headers are not changed; unless they already set {@code Content-Length} or {@code
   * Transfer-Encoding}, a {@code Content-Length} of the body's length is added (RFC 9112 section
   * 6.3), except for 1xx and 204 responses, which must not have one (RFC 9110 section 8.6), and for
   * a 304 with an empty body (its length would be that of the unsent representation, RFC 9110
   * section 15.4.5).
   *
   * <p>Call on the connection's loop thread.
   *
   * @param status the status code, 100 to 999
   * @param headers the response headers; null for none
   * @param body the body; null for none
   * @return completes when the whole response was written, or fails as the connection's writes do
   * @throws IllegalStateException if there is no connection
   * @throws IllegalArgumentException if {@code status} is out of range, or it is 1xx, 204 or 304
   *     and the body is not empty (RFC 9110 sections 15.2, 15.3.5, 15.4.5: such responses have no
   *     content)
   */
  public CompletableFuture<Void> respond(int status, HTTPHeaders headers, byte[] body) {
    if (connection == null) {
      throw new IllegalStateException("request has no connection to respond on");
    }
    ResponseStartLine line = ResponseStartLine.of(status);
    if (HTTPUtil.statusHasNoContent(status) && body != null && body.length > 0) {
      throw new IllegalArgumentException("status " + status + " cannot have a body");
    }
    return connection.respond(line, headers, body);
  }

  /**
   * Describes the request without its body or headers (which may hold credentials).
   *
   * @return for example {@code HTTPServerRequest(protocol=http, host=example.com, method=GET,
   *     uri=/a?b=1, version=HTTP/1.1, remote_ip=10.0.0.1)}
   */
  @Override
  public String toString() {
    return "HTTPServerRequest(protocol="
        + protocol()
        + ", host="
        + host
        + ", method="
        + method()
        + ", uri="
        + uri()
        + ", version="
        + version()
        + ", remote_ip="
        + remoteIp()
        + ")";
  }
}
