package io.github.tornadoserver.netutil;

import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Tornado's {@code OverrideResolver}: wraps a resolver with a mapping of overrides, to change where
 * a name leads without touching the system's name service (tests, local development, pinning a
 * service to one address).
 *
 * <p>A mapping key is a host, a host and port, or a host, port and family; the most specific key
 * that matches a {@code resolve(host, port, family)} call wins: {@code (host, port, family)}, then
 * {@code (host, port)}, then {@code host}. A family key only matches a call that asks for that
 * family. The target replaces the host, and the port too when it has one; the wrapped resolver then
 * resolves the result. Hosts match case-insensitively, IPv6 literals with or without brackets.
 *
 * <pre>{@code
 * Resolver resolver = new OverrideResolver(new DefaultExecutorResolver(), Map.of(
 *     Key.of("api.example.com"), Target.of("127.0.0.1"),
 *     Key.of("api.example.com", 443), Target.of("localhost", 8443),
 *     Key.of("api.example.com", 443, StandardProtocolFamily.INET6), Target.of("::1", 8443)));
 * }</pre>
 *
 * <p>The future completes where the wrapped resolver's does. With a listener, each call is reported
 * under the type {@code override}; give the wrapped resolver {@link ResolverListener#NONE} so that
 * a lookup is not counted twice. {@link #close()} closes the wrapped resolver.
 */
public final class OverrideResolver implements Resolver {
  /** No port in a {@link Key} or {@link Target}. */
  public static final int ANY_PORT = -1;

  /**
   * What a {@code resolve} call must ask for to be overridden.
   *
   * @param host the host, compared case-insensitively (stored in lower case, IPv6 literals without
   *     brackets)
   * @param port the port, or {@link #ANY_PORT}
   * @param family {@code INET} or {@code INET6}, or null for any; only with a port
   */
  public record Key(String host, int port, ProtocolFamily family) {
    /**
     * @throws IllegalArgumentException if the host is empty, the port is out of range, or a family
     *     is given without a port or is not {@code INET} or {@code INET6}
     */
    public Key {
      host = normalize(host);
      if (port != ANY_PORT) {
        checkPort("port", port);
      }
      if (family != null && port == ANY_PORT) {
        throw new IllegalArgumentException("family: " + family + " (expected: only with a port)");
      }
      if (family != null
          && family != StandardProtocolFamily.INET
          && family != StandardProtocolFamily.INET6) {
        throw new IllegalArgumentException("family: " + family + " (expected: INET or INET6)");
      }
    }

    /** Any port, any family of {@code host}. */
    public static Key of(String host) {
      return new Key(host, ANY_PORT, null);
    }

    /** Any family of {@code host} at {@code port}. */
    public static Key of(String host, int port) {
      return new Key(host, port, null);
    }

    /** {@code host} at {@code port}, asked for in {@code family}. */
    public static Key of(String host, int port, ProtocolFamily family) {
      return new Key(host, port, Objects.requireNonNull(family, "family"));
    }
  }

  /**
   * Where an overridden call goes instead.
   *
   * @param host the host (or IP literal) to resolve instead
   * @param port the port to use instead, or {@link #ANY_PORT} to keep the one asked for
   */
  public record Target(String host, int port) {
    /**
     * @throws IllegalArgumentException if the host is empty or the port is out of range
     */
    public Target {
      Objects.requireNonNull(host, "host");
      if (host.isEmpty()) {
        throw new IllegalArgumentException("host: \"\" (expected: a host name or an IP literal)");
      }
      if (port != ANY_PORT) {
        checkPort("port", port);
      }
    }

    /** {@code host}, keeping the port asked for. */
    public static Target of(String host) {
      return new Target(host, ANY_PORT);
    }

    /** {@code host} at {@code port}. */
    public static Target of(String host, int port) {
      return new Target(host, port);
    }
  }

  private final Resolver resolver;
  private final Map<Key, Target> mapping;
  private final ResolverCore core;

  /** Wraps {@code resolver} with {@code mapping}, reporting to no listener. */
  public OverrideResolver(Resolver resolver, Map<Key, Target> mapping) {
    this(resolver, mapping, ResolverListener.NONE);
  }

  /** Wraps {@code resolver} with {@code mapping}, reporting every call to {@code listener}. */
  public OverrideResolver(Resolver resolver, Map<Key, Target> mapping, ResolverListener listener) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.mapping = Map.copyOf(mapping);
    this.core = new ResolverCore("override", listener);
  }

  /**
   * Reads a mapping written as text, the form of the {@code tornado.resolver.overrides} property.
   * Keys are {@code host}, {@code host:port} or {@code host:port:inet} / {@code host:port:inet6};
   * values are {@code host} or {@code host:port}; an IPv6 literal goes in brackets ({@code
   * [::1]:8443}).
   *
   * @throws IllegalArgumentException naming the key whose key or value is malformed, or two keys
   *     that are the same once normalized
   */
  public static Map<Key, Target> parseMapping(Map<String, String> text) {
    Map<Key, Target> mapping = new LinkedHashMap<>();
    Map<Key, String> seen = new LinkedHashMap<>();
    text.forEach(
        (key, value) -> {
          Key parsedKey = OverrideText.key(key);
          String earlier = seen.put(parsedKey, key);
          if (earlier != null) {
            throw new IllegalArgumentException(
                "override key \"" + key + "\" is the same as \"" + earlier + "\"");
          }
          mapping.put(parsedKey, OverrideText.target(key, value));
        });
    return mapping;
  }

  /**
   * Resolves through the wrapped resolver, after applying the most specific override.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  @Override
  public CompletableFuture<List<ResolvedAddress>> resolve(
      String host, int port, ProtocolFamily family) {
    core.checkOpen();
    ResolverCore.checkArguments(host, port, family);
    long start = System.nanoTime();
    Target target = find(host, port, family);
    String targetHost = target == null ? host : target.host();
    int targetPort = target == null || target.port() == ANY_PORT ? port : target.port();
    return resolver
        .resolve(targetHost, targetPort, family)
        .whenComplete((addresses, error) -> core.report(ResolverCore.classify(error), start));
  }

  private Target find(String host, int port, ProtocolFamily family) {
    String name = normalize(host);
    Target target = null;
    if (port > 0) { // port 0 (any port, for a bind) has no port keys
      target = family == null ? null : mapping.get(new Key(name, port, family));
      if (target == null) {
        target = mapping.get(new Key(name, port, null));
      }
    }
    return target != null ? target : mapping.get(new Key(name, ANY_PORT, null));
  }

  /** {@code "override"}. */
  @Override
  public String type() {
    return core.type();
  }

  /** The overrides, keys normalized. */
  public Map<Key, Target> mapping() {
    return mapping;
  }

  /** Closes the wrapped resolver. */
  @Override
  public void close() {
    if (core.close()) {
      resolver.close();
    }
  }

  @Override
  public String toString() {
    return "OverrideResolver[" + mapping.size() + " overrides over " + resolver + "]";
  }

  private static String normalize(String host) {
    Objects.requireNonNull(host, "host");
    String bare = ResolverCore.unbracket(host).toLowerCase(Locale.ROOT);
    if (bare.isEmpty()) {
      throw new IllegalArgumentException(
          "host: \"" + host + "\" (expected: a host name or an IP literal)");
    }
    return bare;
  }

  static void checkPort(String what, int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(what + ": " + port + " (expected: 1..65535)");
    }
  }
}
