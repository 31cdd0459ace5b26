/** Tornado's {@code HTTPServer}: a TCP server that speaks HTTP/1.x to a request delegate. */
package io.github.tornadoserver.httpserver;
