/**
 * Tornado's {@code tornado.tcpclient}: {@link io.github.tornadoserver.tcpclient.TCPClient} connects
 * to a host through a {@link io.github.tornadoserver.netutil.Resolver}, racing its IPv6 and IPv4
 * addresses ("Happy Eyeballs"), with optional TLS, and hands back an {@link
 * io.github.tornadoserver.iostream.IOStream}.
 *
 * <p>Threading: used from a loop thread, like a stream; its futures complete on that loop.
 */
package io.github.tornadoserver.tcpclient;
