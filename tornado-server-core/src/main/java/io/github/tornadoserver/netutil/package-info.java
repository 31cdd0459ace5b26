/**
 * Tornado's {@code tornado.netutil}: binding listening sockets (TCP and Unix-domain), accepting
 * connections on an {@link io.github.tornadoserver.ioloop.IOLoop}, IP literal validation, TLS
 * options, and the asynchronous {@link io.github.tornadoserver.netutil.Resolver} family that turns
 * host names into addresses to connect to.
 *
 * <p>Threading: binding and IP helpers are safe from any thread; an accept handler is added on the
 * thread of the loop that accepts and runs there. A resolver called on a running loop's thread
 * completes on that loop.
 */
package io.github.tornadoserver.netutil;
