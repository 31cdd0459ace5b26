/**
 * Tornado's {@code tornado.netutil}: binding listening sockets (TCP and Unix-domain), accepting
 * connections on an {@link io.github.tornadoserver.ioloop.IOLoop}, IP literal validation, TLS
 * options, and the asynchronous {@link io.github.tornadoserver.netutil.Resolver} family that turns
 * host names into addresses to connect to.
 */
package io.github.tornadoserver.netutil;
