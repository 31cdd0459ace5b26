package io.github.tornadoserver.spring.webflux;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.web.reactive.handler.AbstractUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;

/**
 * Says once, at start-up, that the application's WebSocket handlers are not served: tornado-server
 * has no WebSocket upgrade, so Spring answers every upgrade request to them with a 500 ("No
 * suitable RequestUpgradeStrategy"). Found as {@link WebSocketHandler} beans and as the handlers of
 * URL mappings (a {@code SimpleUrlHandlerMapping} from a path to a handler, the usual way to map
 * one). Better said when the application starts than found at the first upgrade.
 */
final class UnservedWebSocketsWarning implements SmartInitializingSingleton {
  private static final Logger LOG = LoggerFactory.getLogger(UnservedWebSocketsWarning.class);

  private final ListableBeanFactory beans;

  UnservedWebSocketsWarning(ListableBeanFactory beans) {
    this.beans = beans;
  }

  @Override
  public void afterSingletonsInstantiated() {
    Map<String, ReactiveWebServerFactory> servers =
        beans.getBeansOfType(ReactiveWebServerFactory.class, false, false);
    if (servers.isEmpty()
        || !servers.values().stream().allMatch(TornadoReactiveWebServerFactory.class::isInstance)) {
      return; // another server (the application's own factory) serves, and may upgrade
    }
    List<String> found = new ArrayList<>();
    for (String name : beans.getBeanNamesForType(WebSocketHandler.class, false, false)) {
      found.add("bean " + name);
    }
    for (AbstractUrlHandlerMapping mapping :
        beans.getBeansOfType(AbstractUrlHandlerMapping.class, false, false).values()) {
      mapping
          .getHandlerMap()
          .forEach(
              (pattern, handler) -> {
                if (handler instanceof WebSocketHandler) {
                  found.add("path " + pattern.getPatternString());
                }
              });
    }
    if (!found.isEmpty()) {
      LOG.warn(
          "WebSocket handlers {} are not served: tornado-server does not serve WebSocket upgrades,"
              + " so Spring answers each upgrade request with 500. Serve this application on"
              + " Reactor Netty or Jetty to use them.",
          found);
    }
  }
}
