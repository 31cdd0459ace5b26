package io.github.tornadoserver.spring.http;

import io.github.tornadoserver.httputil.HTTPServerConnectionDelegate;
import io.github.tornadoserver.spring.TornadoAutoConfiguration;
import io.github.tornadoserver.spring.TornadoProperties;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * Routes requests to the application's {@link RequestHandler} beans by their {@link Route}, unless
 * the application defines its own {@link HTTPServerConnectionDelegate}.
 */
@AutoConfiguration(
    before = TornadoAutoConfiguration.class,
    afterName = "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration")
@ConditionalOnBooleanProperty(name = "tornado.http.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TornadoProperties.class)
public final class TornadoRoutingAutoConfiguration {
  /** Spring Boot's task executor, the one {@code handler-execution=executor} uses. */
  static final String TASK_EXECUTOR = "applicationTaskExecutor";

  private static final String JACKSON = "tools.jackson.databind.json.JsonMapper";

  @Bean
  @ConditionalOnMissingBean(HTTPServerConnectionDelegate.class)
  RequestRouter tornadoRequestRouter(ListableBeanFactory beans, TornadoProperties properties) {
    return router(routes(beans), beans, properties);
  }

  /** A router of {@code routes} whose handlers run and are observed as the application's do. */
  static RequestRouter router(
      List<RouteTable.Entry> routes, ListableBeanFactory beans, TornadoProperties properties) {
    HandlerExecutors executors =
        new HandlerExecutors(
            properties.getHttp().getHandlerExecution(),
            () -> taskExecutor(beans),
            properties.getHttp().getBlockingThreads());
    return new RequestRouter(
        new RouteTable(routes),
        executors,
        beans.getBeanProvider(RequestObserver.class).getIfAvailable(() -> RequestObserver.NONE),
        services(beans, properties));
  }

  private static ExchangeServices services(
      ListableBeanFactory beans, TornadoProperties properties) {
    ErrorBodies errors =
        properties.getHttp().getErrorBody().isEnabled()
            ? new ErrorBodies(true, Clock.systemUTC())
            : ErrorBodies.NONE;
    return new ExchangeServices(errors, json(beans), disconnects(beans));
  }

  /** Every {@link DisconnectListener} bean (the metrics' and the application's), in order. */
  private static DisconnectListener disconnects(ListableBeanFactory beans) {
    List<DisconnectListener> listeners =
        beans.getBeanProvider(DisconnectListener.class).orderedStream().toList();
    if (listeners.isEmpty()) {
      return DisconnectListener.NONE;
    }
    return listeners.size() == 1
        ? listeners.get(0)
        : route -> listeners.forEach(listener -> listener.clientLeft(route));
  }

  /** The application's Jackson {@code JsonMapper} when Jackson is present; else none. */
  private static JsonCodec json(ListableBeanFactory beans) {
    ClassLoader loader =
        beans instanceof ConfigurableBeanFactory configurable
            ? configurable.getBeanClassLoader()
            : TornadoRoutingAutoConfiguration.class.getClassLoader();
    if (!ClassUtils.isPresent(JACKSON, loader)) {
      return JsonCodec.MISSING;
    }
    return JacksonJsonCodec.of(beans);
  }

  private static Executor taskExecutor(ListableBeanFactory beans) {
    return beans.containsBean(TASK_EXECUTOR) ? beans.getBean(TASK_EXECUTOR, Executor.class) : null;
  }

  /**
   * One entry per pattern of every {@link RequestHandler} bean, and one per route of every {@link
   * RouteContributor} bean.
   */
  static List<RouteTable.Entry> routes(ListableBeanFactory beans) {
    List<RouteTable.Entry> entries = new ArrayList<>();
    beans
        .getBeansOfType(RequestHandler.class)
        .forEach((name, handler) -> entries.addAll(entriesOf(beans, name, handler)));
    beans
        .getBeanProvider(RouteContributor.class)
        .orderedStream()
        .forEach(c -> c.routes().forEach(route -> entries.add(route.toEntry())));
    return entries;
  }

  private static List<RouteTable.Entry> entriesOf(
      ListableBeanFactory beans, String name, RequestHandler handler) {
    Route route = beans.findAnnotationOnBean(name, Route.class);
    if (route == null || route.path().length == 0) {
      throw new IllegalStateException(
          "request handler bean '"
              + name
              + "' has no @Route path: annotate its class or @Bean method,"
              + " for example @Route(\"/hello\")");
    }
    List<RouteTable.Entry> entries = new ArrayList<>();
    for (String pattern : route.path()) {
      entries.add(
          new RouteTable.Entry(
              PathPattern.parse(pattern),
              Set.of(route.methods()),
              handler,
              route.blocking(),
              name));
    }
    return entries;
  }
}
