package io.github.tornadoserver.netutil;

import java.util.Map;
import java.util.Objects;

/**
 * Which resolver {@link Resolvers#create} builds: the {@code tornado.resolver.*} properties as a
 * value.
 *
 * @param type {@code default}, {@code executor}, {@code blocking}, {@code threaded} or {@code
 *     override} (checked by {@link Resolvers#create}, case-insensitively)
 * @param threads the pool size of {@code executor} (its own pool) and {@code threaded} (the shared
 *     pool, if it is the first); ignored by the others
 * @param overrides for {@code override}: the mapping in the text form of {@link
 *     OverrideResolver#parseMapping}; null for none
 * @param listener told of every lookup; null for {@link ResolverListener#NONE}
 */
public record ResolverSpec(
    String type, int threads, Map<String, String> overrides, ResolverListener listener) {
  /** The type {@link #defaults()} names: {@code default}. */
  public static final String DEFAULT_TYPE = "default";

  /**
   * @throws IllegalArgumentException if {@code threads} is not positive
   */
  public ResolverSpec {
    Objects.requireNonNull(type, "type");
    ResolverCore.checkThreads(threads);
    overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    listener = listener == null ? ResolverListener.NONE : listener;
  }

  /**
   * The default resolver ({@link DefaultExecutorResolver}), {@link
   * ThreadedResolver#DEFAULT_THREADS} threads, no overrides, no listener.
   */
  public static ResolverSpec defaults() {
    return new ResolverSpec(DEFAULT_TYPE, ThreadedResolver.DEFAULT_THREADS, Map.of(), null);
  }

  /** A copy with another type. */
  public ResolverSpec withType(String type) {
    return new ResolverSpec(type, threads, overrides, listener);
  }

  /** A copy with another pool size. */
  public ResolverSpec withThreads(int threads) {
    return new ResolverSpec(type, threads, overrides, listener);
  }

  /** A copy with other overrides. */
  public ResolverSpec withOverrides(Map<String, String> overrides) {
    return new ResolverSpec(type, threads, overrides, listener);
  }

  /** A copy with another listener. */
  public ResolverSpec withListener(ResolverListener listener) {
    return new ResolverSpec(type, threads, overrides, listener);
  }
}
