/**
 * Tornado's {@code tornado.tcpserver}: {@link io.github.tornadoserver.tcpserver.TCPServer} accepts
 * connections on one loop or a group of loops and hands each to its handler as a stream.
 *
 * <p>Threading: a connection stays on the loop that accepted it, where its handler and the server's
 * {@link io.github.tornadoserver.tcpserver.ServerListener} are called; with several loops they are
 * called from several threads at once and must be thread-safe.
 */
package io.github.tornadoserver.tcpserver;
