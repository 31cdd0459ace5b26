package io.github.tornadoserver.netutil;

import java.util.Locale;

/** How one {@link Resolver} lookup ended, as reported to a {@link ResolverListener}. */
public enum LookupResult {
  /** At least one address was found. */
  SUCCESS,
  /**
   * The name does not exist, or has no address of the family asked for: the future failed with an
   * {@link UnresolvedHostException} caused by an {@link java.net.UnknownHostException} or by none.
   */
  NOT_FOUND,
  /** The lookup itself failed (a refused task, an unexpected exception of the name service). */
  ERROR;

  private final String tag = name().toLowerCase(Locale.ROOT);

  /** The value for a metric tag: {@code success}, {@code not_found} or {@code error}. */
  public String tag() {
    return tag;
  }
}
