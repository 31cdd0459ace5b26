/**
 * Tornado's {@code tornado.httputil}, server subset: header fields ({@link
 * io.github.tornadoserver.httputil.HTTPHeaders}), start lines, query, form and multipart parsing,
 * cookies and Host validation. This package does no I/O; the HTTP/1.1 connection layer feeds it
 * bytes it has already framed.
 */
package io.github.tornadoserver.httputil;
