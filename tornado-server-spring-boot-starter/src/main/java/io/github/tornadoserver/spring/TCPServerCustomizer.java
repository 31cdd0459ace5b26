package io.github.tornadoserver.spring;

import io.github.tornadoserver.tcpserver.TCPServer;

/**
 * Adjusts the builder of the auto-configured {@link TCPServer} after the {@code tornado.tcp.*}
 * properties were applied and before it is built. Every customizer bean is applied, in {@link
 * org.springframework.core.Ordered} / {@link org.springframework.core.annotation.Order} order, on
 * the thread that creates the server bean.
 */
@FunctionalInterface
public interface TCPServerCustomizer {
  /** Changes {@code builder} in place. */
  void customize(TCPServer.Builder builder);
}
