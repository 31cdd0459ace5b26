package io.github.tornadoserver.netutil;

import io.github.tornadoserver.ioloop.IOLoop;
import java.net.ProtocolFamily;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Tornado's configurable asynchronous resolver: turns a host and port into the socket addresses to
 * connect to. The TCP client (a layer above) resolves through one.
 *
 * <p>Implementations, picked by constructor or by name through {@link Resolvers#create}:
 *
 * <table>
 *   <caption>Resolvers</caption>
 *   <tr><th>{@link #type()}</th><th>class</th><th>where the lookup runs</th></tr>
 *   <tr><td>{@code default}</td><td>{@link DefaultExecutorResolver}</td>
 *       <td>the calling loop's default executor</td></tr>
 *   <tr><td>{@code executor}</td><td>{@link ExecutorResolver}</td><td>an executor given to it</td></tr>
 *   <tr><td>{@code blocking}</td><td>{@link BlockingResolver}</td>
 *       <td>the calling thread, blocking it</td></tr>
 *   <tr><td>{@code threaded}</td><td>{@link ThreadedResolver}</td>
 *       <td>one pool shared by every instance</td></tr>
 *   <tr><td>{@code override}</td><td>{@link OverrideResolver}</td>
 *       <td>its wrapped resolver, after mapping the host</td></tr>
 * </table>
 *
 * <p>Contract of every implementation here:
 *
 * <ul>
 *   <li>An IP literal ({@link NetUtil#isValidIp}, or an IPv6 literal in brackets) is parsed, never
 *       looked up, and the future is complete when {@code resolve} returns. A name under the
 *       reserved {@code .invalid} top-level domain fails the same way, without a query: RFC 6761
 *       section 6.4 asks resolver libraries to answer those names negatively at once.
 *   <li>Any failure fails the future with an {@link UnresolvedHostException} (an {@link
 *       java.net.UnknownHostException}, so an {@link java.io.IOException}) whose message names the
 *       host: a name that does not exist, one without an address of {@code family}, or a lookup
 *       that could not run.
 *   <li>Completion thread: called on the thread of a running {@link IOLoop}, the future completes
 *       on that thread, so continuations may use the loop's streams (DESIGN: completions users see
 *       run on the loop); called from any other thread, it completes on the thread that did the
 *       lookup.
 *   <li>Each call is reported once to the resolver's {@link ResolverListener}.
 *   <li>Answers are those of the JDK's name service ({@link java.net.InetAddress#getAllByName}),
 *       which caches them per the {@code networkaddress.cache.ttl} security property.
 * </ul>
 *
 * <p>Bad arguments (an empty host, a port outside 0..65535, a family other than {@code INET},
 * {@code INET6} or null) throw {@link IllegalArgumentException}, a null host {@link
 * NullPointerException}; a call after {@link #close()} throws {@link IllegalStateException}.
 */
public interface Resolver extends AutoCloseable {
  /**
   * Resolves {@code host}.
   *
   * @param host a host name or an IP literal
   * @param port the port of every address returned
   * @param family {@link java.net.StandardProtocolFamily#INET} or {@link
   *     java.net.StandardProtocolFamily#INET6} to keep only addresses of that family; null for any
   * @return a future of the addresses, never empty, in the order the name service gave them
   */
  CompletableFuture<List<ResolvedAddress>> resolve(String host, int port, ProtocolFamily family);

  /** {@link #resolve(String, int, ProtocolFamily)} with any family. */
  default CompletableFuture<List<ResolvedAddress>> resolve(String host, int port) {
    return resolve(host, port, null);
  }

  /**
   * The name of this kind of resolver, as {@link Resolvers#create} knows it and as it is reported
   * to {@link ResolverListener#onLookup}: {@code default}, {@code executor}, {@code blocking},
   * {@code threaded} or {@code override}; {@code custom} for an application's own implementation
   * unless it says otherwise.
   */
  default String type() {
    return "custom";
  }

  /**
   * Frees what the resolver owns (an executor it was told to shut down, a wrapped resolver).
   * Idempotent. Lookups already running still complete.
   */
  @Override
  void close();
}
