/**
 * Tornado's {@code tornado.httputil}, server subset: header fields ({@link
 * io.github.tornadoserver.httputil.HTTPHeaders}), start lines, query, form and multipart parsing,
 * cookies and Host validation. This package does no I/O; the HTTP/1.1 connection layer feeds it
 * bytes it has already framed.
 *
 * <p>Threading: the parsers keep no state and may be called from any thread; a mutable value
 * (headers, a request) is not thread-safe and belongs to the loop of its connection.
 */
package io.github.tornadoserver.httputil;
