/**
 * Tornado's {@code tornado.netutil}: binding listening sockets (TCP and Unix-domain), accepting
 * connections on an {@link IOLoop}, IP literal validation, the TLS aliases {@code
 * sslOptionsToContext} and {@code sslWrapSocket} over {@link SSLOptions}, and the asynchronous
 * {@link Resolver} family that turns host names into addresses to connect to. {@link NetUtil} is
 * the facade; package-private classes hold each concern.
 */
package io.github.tornadoserver.netutil;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.tls.SSLOptions;
