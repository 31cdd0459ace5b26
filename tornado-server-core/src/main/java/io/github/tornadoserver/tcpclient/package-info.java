/**
 * Tornado's {@code tornado.tcpclient}: {@link TCPClient} connects to a host through a {@link
 * Resolver}, racing its IPv6 and IPv4 addresses ("Happy Eyeballs"), with optional TLS, and hands
 * back an {@link IOStream}.
 *
 * <p>Threading: used from a loop thread, like a stream; its futures complete on that loop.
 */
package io.github.tornadoserver.tcpclient;

import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.netutil.Resolver;
