/**
 * Tornado's server stack: the event loop, streams, TCP and HTTP/1.x servers, and the TCP client.
 * Every package is exported except {@code io.github.tornadoserver.internal}, which holds helpers
 * that two core packages share. Logging goes through SLF4J; everything else is in {@code
 * java.base}.
 */
module io.github.tornadoserver.core {
  requires org.slf4j;

  exports io.github.tornadoserver.http1connection;
  exports io.github.tornadoserver.httpserver;
  exports io.github.tornadoserver.httputil;
  exports io.github.tornadoserver.ioloop;
  exports io.github.tornadoserver.iostream;
  exports io.github.tornadoserver.netutil;
  exports io.github.tornadoserver.process;
  exports io.github.tornadoserver.tcpclient;
  exports io.github.tornadoserver.tcpserver;
  exports io.github.tornadoserver.tls;
}
