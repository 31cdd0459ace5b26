/**
 * The {@code tornado} health indicator: DOWN when a loop is stuck or a server stopped listening.
 *
 * <p>Threading: the check runs off the loops, where the actuator runs it, and reads only state that
 * is safe from any thread (probed lags, whether each server listens).
 */
package io.github.tornadoserver.spring.health;
