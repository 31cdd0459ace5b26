/**
 * The {@code tornado.*} Micrometer meters of the servers, the loops and the resolver, and the
 * {@link io.github.tornadoserver.spring.metrics.LoopMonitor} that probes each loop's lag.
 *
 * <p>Threading: server meters are fed on the loop threads, the lag probe runs on a daemon thread of
 * its own, and every meter may be read from any thread.
 */
package io.github.tornadoserver.spring.metrics;
