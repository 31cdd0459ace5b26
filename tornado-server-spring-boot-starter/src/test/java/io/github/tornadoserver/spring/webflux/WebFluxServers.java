package io.github.tornadoserver.spring.webflux;

import io.github.tornadoserver.spring.IOLoopGroup;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.http.server.reactive.HttpHandler;

/** A tornado-server WebFlux server on 127.0.0.1, a free port and one loop of its own, for tests. */
final class WebFluxServers implements AutoCloseable {
  final IOLoopGroup loops = new IOLoopGroup(1);
  final TornadoReactiveWebServerFactory factory = new TornadoReactiveWebServerFactory(loops);
  TornadoWebServer server;

  WebFluxServers() {
    factory.setPort(0);
    try {
      factory.setAddress(InetAddress.getByName("127.0.0.1"));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    factory.setShutdown(Shutdown.GRACEFUL);
  }

  /** Starts a server for {@code handler} and returns its port. */
  int start(HttpHandler handler) {
    server = (TornadoWebServer) factory.getWebServer(handler);
    server.start();
    return server.getPort();
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop();
    }
    loops.close();
  }
}
