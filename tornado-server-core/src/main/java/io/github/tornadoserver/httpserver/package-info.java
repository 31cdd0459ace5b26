/**
 * Tornado's {@code HTTPServer}: a TCP server that speaks HTTP/1.x to a request delegate.
 *
 * <p>Threading: the server's delegate is called on the loop thread of each connection, so with
 * several loops from several threads at once; each request's message delegate stays on its
 * connection's loop. Stopping and draining are safe from any thread.
 */
package io.github.tornadoserver.httpserver;
