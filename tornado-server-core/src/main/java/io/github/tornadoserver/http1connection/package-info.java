/**
 * HTTP/1.x on an {@link io.github.tornadoserver.iostream.IOStream}: reading requests (RFC 9112
 * framing, strict), writing responses, and the per-connection request loop.
 */
package io.github.tornadoserver.http1connection;
