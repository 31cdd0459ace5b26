package io.github.tornadoserver.netutil;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Picks a {@link Resolver} by name, Tornado's {@code Resolver.configure} without reflection: the
 * one place that maps {@code tornado.resolver.type} to a class.
 */
public final class Resolvers {
  /** The names {@link #create} knows, in the order of {@link Resolver}'s table. */
  public static final List<String> TYPES =
      List.of("default", "executor", "blocking", "threaded", "override");

  private Resolvers() {}

  /**
   * A new resolver as {@code spec} says; the caller owns it and closes it.
   *
   * <ul>
   *   <li>{@code default}: {@link DefaultExecutorResolver};
   *   <li>{@code executor}: {@link ExecutorResolver} on a pool of its own of {@code threads} daemon
   *       threads, shut down by {@link Resolver#close()};
   *   <li>{@code blocking}: {@link BlockingResolver};
   *   <li>{@code threaded}: {@link ThreadedResolver} of {@code threads} (see its shared pool);
   *   <li>{@code override}: {@link OverrideResolver} over a {@link DefaultExecutorResolver}, with
   *       {@code overrides}; lookups are reported under {@code override}.
   * </ul>
   *
   * <p>The overrides are checked whatever the type, so that a mistake shows at startup.
   *
   * @throws IllegalArgumentException for an unknown type (naming it and the known ones) or a
   *     malformed override (naming its key)
   */
  public static Resolver create(ResolverSpec spec) {
    Map<OverrideResolver.Key, OverrideResolver.Target> mapping =
        OverrideResolver.parseMapping(spec.overrides());
    ResolverListener listener = spec.listener();
    switch (spec.type().trim().toLowerCase(Locale.ROOT)) {
      case "default":
        return new DefaultExecutorResolver(listener);
      case "executor":
        return new ExecutorResolver(
            ResolverCore.newPool("tornado-resolver-executor", spec.threads()), true, listener);
      case "blocking":
        return new BlockingResolver(listener);
      case "threaded":
        return new ThreadedResolver(spec.threads(), listener);
      case "override":
        return new OverrideResolver(new DefaultExecutorResolver(), mapping, listener);
      default:
        throw new IllegalArgumentException(
            "type: \"" + spec.type() + "\" (expected: one of " + String.join(", ", TYPES) + ")");
    }
  }
}
