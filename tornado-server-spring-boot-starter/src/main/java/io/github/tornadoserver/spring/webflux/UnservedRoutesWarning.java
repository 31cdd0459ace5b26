package io.github.tornadoserver.spring.webflux;

import io.github.tornadoserver.spring.http.RequestHandler;
import io.github.tornadoserver.spring.http.RouteContributor;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Says once, at start-up, that the application's {@code @Route} handler beans are not served: in a
 * WebFlux application the WebFlux server serves {@code server.port}, and the starter's routed
 * server starts only with {@code tornado.http.enabled=true}. A handler that silently answered
 * nothing would be worse.
 */
final class UnservedRoutesWarning implements SmartInitializingSingleton {
  private static final Logger LOG = LoggerFactory.getLogger(UnservedRoutesWarning.class);

  private final ListableBeanFactory beans;

  UnservedRoutesWarning(ListableBeanFactory beans) {
    this.beans = beans;
  }

  @Override
  public void afterSingletonsInstantiated() {
    List<String> names = new ArrayList<>(List.of(beans.getBeanNamesForType(RequestHandler.class)));
    names.addAll(List.of(beans.getBeanNamesForType(RouteContributor.class)));
    if (!names.isEmpty()) {
      LOG.warn(
          "@Route handler beans {} are not served: in a WebFlux application tornado-server serves"
              + " WebFlux on server.port. Write them as controllers or router functions, or set"
              + " tornado.http.enabled=true to serve them on a second server at tornado.http.port.",
          names);
    }
  }
}
