/**
 * A Spring Boot application on the starter: HTTP handlers that double as a debugging tool and a TCP
 * echo server.
 *
 * <p>Threading: as configured, the HTTP handlers run on their connection's loop and never block
 * there, except {@link io.github.tornadoserver.sample.BlockingHandler}, a blocking route that runs
 * off the loop; the TCP handler runs on its connection's loop.
 */
package io.github.tornadoserver.sample;
