package io.github.tornadoserver.netutil;

import java.net.UnknownHostException;

/**
 * A {@link Resolver} could not turn a host into addresses: the name does not exist, it has no
 * address of the family asked for, or the lookup failed. The message names the host ({@code "cannot
 * resolve nothing.invalid: Name or service not known"}); {@link #getCause()} is the underlying
 * failure when there is one.
 */
public final class UnresolvedHostException extends UnknownHostException {
  private static final long serialVersionUID = 1L;

  /** The host that did not resolve. */
  private final String host;

  /**
   * @param host the host as given to {@link Resolver#resolve}
   * @param reason why, in a few words
   * @param cause the underlying failure, or null
   */
  public UnresolvedHostException(String host, String reason, Throwable cause) {
    super("cannot resolve " + host + ": " + reason);
    this.host = host;
    if (cause != null) {
      initCause(cause);
    }
  }

  /** The host that did not resolve, as it was given. */
  public String host() {
    return host;
  }
}
