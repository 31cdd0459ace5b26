/**
 * HTTP/1.x on an {@link io.github.tornadoserver.iostream.IOStream}: reading requests (RFC 9112
 * framing, strict), writing responses, and the per-connection request loop.
 *
 * <p>Threading: a connection and everything it calls run on the loop thread of its stream; nothing
 * here is thread-safe.
 */
package io.github.tornadoserver.http1connection;
