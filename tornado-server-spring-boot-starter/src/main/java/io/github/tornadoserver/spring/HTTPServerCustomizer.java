package io.github.tornadoserver.spring;

import io.github.tornadoserver.httpserver.HTTPServer;

/**
 * Adjusts the builder of the auto-configured {@link HTTPServer} after the {@code tornado.http.*}
 * properties were applied and before it is built. Every customizer bean is applied, in {@link
 * org.springframework.core.Ordered} / {@link org.springframework.core.annotation.Order} order, on
 * the thread that creates the server bean.
 */
@FunctionalInterface
public interface HTTPServerCustomizer {
  /** Changes {@code builder} in place. */
  void customize(HTTPServer.Builder builder);
}
