/**
 * Buffered non-blocking streams over a socket channel, plain ({@link
 * io.github.tornadoserver.iostream.IOStream}) or TLS ({@link
 * io.github.tornadoserver.iostream.SSLIOStream}), with futures for reads and writes.
 *
 * <p>Threading: a stream belongs to the loop that was current when it was made; every method must
 * run on that loop's thread, and its futures complete there.
 */
package io.github.tornadoserver.iostream;
