package io.github.tornadoserver.netutil;

import io.github.tornadoserver.internal.DaemonPools;
import io.github.tornadoserver.ioloop.IOLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every resolver of this package shares: argument checks, IP literals and {@code .invalid}
 * names answered without a lookup, the blocking lookup itself and how its failures read, the report
 * to the listener, and the way back to the caller's loop. A resolver only decides where the
 * blocking lookup runs (its {@link Runner}).
 */
final class ResolverCore {
  private static final Logger APP_LOG = LoggerFactory.getLogger("tornado.application");

  /** The blocking name service; replaceable so that tests can make any lookup fail. */
  @FunctionalInterface
  interface NameService {
    InetAddress[] lookup(String host) throws UnknownHostException;
  }

  /** Runs the blocking lookup somewhere and completes with its outcome. */
  @FunctionalInterface
  interface Runner {
    CompletableFuture<Outcome> run(Callable<Outcome> lookup);
  }

  /** The answer of one lookup: its addresses, or its failure. */
  record Outcome(List<ResolvedAddress> addresses, UnresolvedHostException failure) {}

  static final NameService SYSTEM = InetAddress::getAllByName;

  private final String type;
  private final ResolverListener listener;
  private final NameService nameService;
  private volatile boolean closed;

  ResolverCore(String type, ResolverListener listener) {
    this(type, listener, SYSTEM);
  }

  ResolverCore(String type, ResolverListener listener, NameService nameService) {
    this.type = type;
    this.listener = Objects.requireNonNull(listener, "listener");
    this.nameService = nameService;
  }

  String type() {
    return type;
  }

  /** Marks the resolver closed; returns whether this call closed it. */
  boolean close() {
    boolean wasOpen = !closed;
    closed = true;
    return wasOpen;
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException(type + " resolver is closed");
    }
  }

  // ---------------------------------------------------------------- resolve

  /**
   * Resolves {@code host}: at once for literals and {@code .invalid} names, otherwise through
   * {@code runner}.
   */
  CompletableFuture<List<ResolvedAddress>> resolve(
      String host, int port, ProtocolFamily family, Runner runner) {
    checkOpen();
    checkArguments(host, port, family);
    long start = System.nanoTime();
    String literal = literalOf(host);
    if (literal != null || isReservedInvalid(host)) {
      return toFuture(lookup(host, literal, port, family, start));
    }
    CompletableFuture<Outcome> running;
    try {
      running = runner.run(() -> lookup(host, null, port, family, start));
    } catch (RejectedExecutionException e) {
      running = CompletableFuture.failedFuture(e);
    }
    return running
        .handle((outcome, error) -> outcome != null ? outcome : runFailed(host, error, start))
        .thenCompose(ResolverCore::toFuture);
  }

  /** A runner that looks up on the calling thread. */
  static CompletableFuture<Outcome> inline(Callable<Outcome> lookup) {
    try {
      return CompletableFuture.completedFuture(lookup.call());
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * A runner that looks up on {@code executor} and completes on the caller's running loop when
   * there is one (so that continuations do not run on the resolver's pool), else on the pool.
   */
  static CompletableFuture<Outcome> offload(Executor executor, Callable<Outcome> lookup) {
    IOLoop loop = runningLoopOfCaller();
    CompletableFuture<Outcome> result = new CompletableFuture<>();
    executor.execute(
        () -> {
          CompletableFuture<Outcome> done = inline(lookup);
          if (loop == null || !loop.addCallback(() -> done.whenComplete(into(result)))) {
            done.whenComplete(into(result));
          }
        });
    return result;
  }

  /** The calling thread's loop when the call comes from inside it while it runs, else null. */
  static IOLoop runningLoopOfCaller() {
    IOLoop loop = IOLoop.current(false);
    return loop != null && loop.isRunning() && loop.inLoopThread() ? loop : null;
  }

  private static <T> BiConsumer<T, Throwable> into(CompletableFuture<T> target) {
    return (value, error) -> {
      if (error != null) {
        target.completeExceptionally(error);
      } else {
        target.complete(value);
      }
    };
  }

  private static CompletableFuture<List<ResolvedAddress>> toFuture(Outcome outcome) {
    return outcome.failure() != null
        ? CompletableFuture.failedFuture(outcome.failure())
        : CompletableFuture.completedFuture(outcome.addresses());
  }

  /** The runner itself failed (a refused task, a closed loop): reported as an error. */
  private Outcome runFailed(String host, Throwable error, long start) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    UnresolvedHostException failure = new UnresolvedHostException(host, cause.toString(), cause);
    report(LookupResult.ERROR, start);
    return new Outcome(null, failure);
  }

  /** The lookup proper, on whatever thread the runner chose; reports before returning. */
  private Outcome lookup(String host, String literal, int port, ProtocolFamily family, long start) {
    Outcome outcome;
    try {
      InetAddress[] found =
          literal != null ? new InetAddress[] {InetAddress.getByName(literal)} : find(host);
      outcome = select(host, found, port, family);
    } catch (UnknownHostException e) {
      outcome = new Outcome(null, new UnresolvedHostException(host, reason(host, e), e));
    } catch (RuntimeException e) {
      report(LookupResult.ERROR, start);
      return new Outcome(null, new UnresolvedHostException(host, e.toString(), e));
    }
    report(outcome.failure() == null ? LookupResult.SUCCESS : LookupResult.NOT_FOUND, start);
    return outcome;
  }

  private InetAddress[] find(String host) throws UnknownHostException {
    if (isReservedInvalid(host)) {
      throw new UnknownHostException(host + ": reserved name (RFC 6761 section 6.4)");
    }
    return nameService.lookup(host);
  }

  /** The addresses of {@code family} (null: all), de-duplicated, in the name service's order. */
  private static Outcome select(String host, InetAddress[] found, int port, ProtocolFamily family) {
    Set<InetAddress> unique = new LinkedHashSet<>(List.of(found));
    List<ResolvedAddress> addresses = new ArrayList<>(unique.size());
    for (InetAddress address : unique) {
      ResolvedAddress resolved = ResolvedAddress.of(new InetSocketAddress(address, port));
      if (family == null || resolved.family() == family) {
        addresses.add(resolved);
      }
    }
    if (addresses.isEmpty()) {
      String reason = family == null ? "no address" : "no " + family + " address";
      return new Outcome(null, new UnresolvedHostException(host, reason, null));
    }
    return new Outcome(List.copyOf(addresses), null);
  }

  /** Java's message repeats the host ("h: Name or service not known"); keep the reason only. */
  private static String reason(String host, UnknownHostException e) {
    String message = e.getMessage();
    if (message == null || message.isEmpty() || message.equals(host)) {
      return "unknown host";
    }
    return message.startsWith(host + ": ") ? message.substring(host.length() + 2) : message;
  }

  void report(LookupResult result, long start) {
    try {
      listener.onLookup(type, result, System.nanoTime() - start);
    } catch (RuntimeException e) {
      APP_LOG.error("Error in resolver listener", e);
    }
  }

  /** How a lookup ended, read back from a resolver's failure (for wrapping resolvers). */
  static LookupResult classify(Throwable error) {
    if (error == null) {
      return LookupResult.SUCCESS;
    }
    Throwable failure = error instanceof CompletionException ? error.getCause() : error;
    if (failure instanceof UnresolvedHostException
        && (failure.getCause() == null || failure.getCause() instanceof UnknownHostException)) {
      return LookupResult.NOT_FOUND;
    }
    return LookupResult.ERROR;
  }

  // ---------------------------------------------------------------- arguments

  static void checkArguments(String host, int port, ProtocolFamily family) {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("host: \"\" (expected: a host name or an IP literal)");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
    if (family != null
        && family != StandardProtocolFamily.INET
        && family != StandardProtocolFamily.INET6) {
      throw new IllegalArgumentException(
          "family: " + family + " (expected: INET, INET6 or null for any)");
    }
  }

  /** The IP literal {@code host} is, brackets removed from an IPv6 literal; null for a name. */
  static String literalOf(String host) {
    if (host.startsWith("[")) {
      // Brackets enclose IPv6 literals only: "[127.0.0.1]" is not one (RFC 3986 section 3.2.2).
      String bare = unbracket(host);
      return bare.indexOf(':') >= 0 && NetUtil.isValidIp(bare) ? bare : null;
    }
    return NetUtil.isValidIp(host) ? host : null;
  }

  static String unbracket(String host) {
    if (host.length() >= 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']') {
      return host.substring(1, host.length() - 1);
    }
    return host;
  }

  /** {@code invalid} and names under it, with or without the root's trailing dot (RFC 6761). */
  static boolean isReservedInvalid(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    return name.equals("invalid") || name.endsWith(".invalid");
  }

  // ---------------------------------------------------------------- pools

  /** A pool of {@code threads} daemon threads named {@code <prefix>-<pool>-<n>}. */
  static ExecutorService newPool(String prefix, int threads) {
    return DaemonPools.newPool(prefix, threads);
  }

  static void checkThreads(int threads) {
    if (threads <= 0) {
      throw new IllegalArgumentException("threads: " + threads + " (expected: > 0)");
    }
  }
}
