/**
 * Tornado's {@code tornado.netutil}: binding listening sockets (TCP and Unix-domain), accepting
 * connections on an {@link IOLoop}, IP literal validation, the TLS aliases {@code
 * sslOptionsToContext} and {@code sslWrapSocket} over {@link SSLOptions}, and the asynchronous
 * {@link Resolver} family that turns host names into addresses to connect to. {@link NetUtil} is
 * the facade; package-private classes hold each concern.
 *
 * <p>Threading: binding and IP helpers are safe from any thread; an accept handler is added on the
 * thread of the loop that accepts and runs there. A resolver called on a running loop's thread
 * completes on that loop.
 */
package io.github.tornadoserver.netutil;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.tls.SSLOptions;
