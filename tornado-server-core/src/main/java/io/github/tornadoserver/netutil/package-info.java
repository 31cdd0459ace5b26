/**
 * Tornado's {@code tornado.netutil}: binding listening sockets (TCP and Unix-domain), accepting
 * connections on an {@link io.github.tornadoserver.ioloop.IOLoop}, and IP literal validation.
 */
package io.github.tornadoserver.netutil;
