package io.github.tornadoserver.netutil;

/**
 * Told of every lookup a {@link Resolver} answers, so that an application can count and time them
 * (the Spring Boot starter turns them into the {@code tornado.resolver.lookups} meter) without the
 * core knowing any metrics library.
 *
 * <p>Called once per {@link Resolver#resolve} call that returned a future (IP literals included),
 * before that future completes, on the thread that finished the lookup: a resolver pool thread, the
 * loop's executor, or the calling thread for {@link BlockingResolver}, IP literals and names under
 * {@code .invalid}. Implementations must therefore be thread-safe and quick. An exception thrown
 * here is logged on {@code tornado.application} and does not change the lookup's outcome.
 */
@FunctionalInterface
public interface ResolverListener {
  /** Ignores every lookup. */
  ResolverListener NONE = (resolverType, result, elapsedNanos) -> {};

  /**
   * One lookup ended.
   *
   * @param resolverType the resolver's {@link Resolver#type()}, such as {@code "default"}
   * @param result how it ended
   * @param elapsedNanos from the {@code resolve} call to the answer, queueing included
   */
  void onLookup(String resolverType, LookupResult result, long elapsedNanos);
}
