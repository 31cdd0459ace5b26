/**
 * Buffered non-blocking streams over a socket channel, plain ({@link
 * io.github.tornadoserver.iostream.IOStream}) or TLS ({@link
 * io.github.tornadoserver.iostream.SSLIOStream}), with futures for reads and writes.
 */
package io.github.tornadoserver.iostream;
