package io.github.tornadoserver.spring;

import io.github.tornadoserver.httpserver.HTTPServer;
import io.github.tornadoserver.httputil.HTTPServerConnectionDelegate;
import io.github.tornadoserver.netutil.Resolver;
import io.github.tornadoserver.netutil.ResolverListener;
import io.github.tornadoserver.netutil.ResolverSpec;
import io.github.tornadoserver.netutil.Resolvers;
import io.github.tornadoserver.tcpserver.TCPServer;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the tornado servers: the {@link IOLoopGroup}, the {@link Resolver}, the
 * {@link HTTPServer} ({@code tornado.http.*}) and, when there is a {@link TCPServer.StreamHandler}
 * bean, the {@link TCPServer} ({@code tornado.tcp.*}). Each server is built here, with its
 * customizers applied, and bound and started by a {@link TornadoServerLifecycle}; {@link
 * TornadoGracefulShutdownLifecycle} drains them on close. Every bean backs off when the application
 * defines its own.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration",
      "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration"
    })
@EnableConfigurationProperties(TornadoProperties.class)
public final class TornadoAutoConfiguration {
  /** The drain deadline when {@code spring.lifecycle.timeout-per-shutdown-phase} is not set. */
  static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  @Bean
  @ConditionalOnMissingBean
  IOLoopGroup tornadoLoopGroup(TornadoProperties properties) {
    return new IOLoopGroup(LoopCount.of(properties));
  }

  /**
   * The resolver of {@code tornado.resolver.*}, for the application's clients ({@code TCPClient}).
   * Every {@link ResolverListener} bean (the {@code tornado.resolver.lookups} meter among them) is
   * told of each lookup. Closed with the context.
   */
  @Bean
  @ConditionalOnMissingBean
  Resolver tornadoResolver(
      TornadoProperties properties, ObjectProvider<ResolverListener> listeners) {
    TornadoProperties.Resolver resolver = properties.getResolver();
    return Resolvers.create(
        new ResolverSpec(
            resolver.getType(),
            resolver.getThreads(),
            resolver.getOverrides(),
            ResolverListeners.of(listeners.orderedStream().toList())));
  }

  /**
   * The HTTP server, unless {@code tornado.http.enabled=false}; in a reactive web application only
   * with {@code tornado.http.enabled=true} (see {@link OnRoutedHttpServerCondition}).
   */
  @Configuration(proxyBeanMethods = false)
  @Conditional(OnRoutedHttpServerCondition.class)
  static final class HttpServerConfiguration {

    @Bean
    @ConditionalOnMissingBean
    HTTPServer tornadoHttpServer(
        TornadoProperties properties,
        HTTPServerConnectionDelegate delegate,
        ObjectProvider<HTTPServerCustomizer> customizers,
        ObjectProvider<SslBundles> bundles,
        Environment environment) {
      HTTPServer.Builder builder =
          ServerOptions.http(
              properties.getHttp(),
              HTTPServer.builder(delegate),
              bundles.getIfAvailable(),
              ServerCompressionFallback.BootCompression.from(environment));
      builder.xheaders(ForwardHeaders.honoured(properties.getHttp(), environment));
      customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
      return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean(name = "tornadoHttpServerLifecycle")
    TornadoServerLifecycle tornadoHttpServerLifecycle(
        HTTPServer server,
        TornadoProperties properties,
        IOLoopGroup loops,
        ConfigurableApplicationContext context) {
      return new TornadoServerLifecycle("http", server, properties.getHttp(), loops, context);
    }
  }

  /**
   * The TCP server of the application's stream handler, unless {@code tornado.tcp.enabled=false}.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBooleanProperty(name = "tornado.tcp.enabled", matchIfMissing = true)
  @ConditionalOnSingleCandidate(TCPServer.StreamHandler.class)
  static final class TcpServerConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TCPServer tornadoTcpServer(
        TornadoProperties properties,
        TCPServer.StreamHandler handler,
        ObjectProvider<TCPServerCustomizer> customizers,
        ObjectProvider<SslBundles> bundles) {
      TCPServer.Builder builder =
          ServerOptions.tcp(
              properties.getTcp(), TCPServer.builder(handler), bundles.getIfAvailable());
      customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
      return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean(name = "tornadoTcpServerLifecycle")
    TornadoServerLifecycle tornadoTcpServerLifecycle(
        TCPServer server,
        TornadoProperties properties,
        IOLoopGroup loops,
        ConfigurableApplicationContext context) {
      return new TornadoServerLifecycle("tcp", server, properties.getTcp(), loops, context);
    }
  }

  /** The drain on close, unless {@code tornado.shutdown=immediate}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "tornado.shutdown", havingValue = "graceful", matchIfMissing = true)
  static final class GracefulShutdownConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TornadoGracefulShutdownLifecycle tornadoGracefulShutdownLifecycle(
        ObjectProvider<TornadoServerLifecycle> servers, ConfigurableApplicationContext context) {
      Duration timeout =
          Binder.get(context.getEnvironment())
              .bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
              .orElse(DEFAULT_SHUTDOWN_TIMEOUT);
      return new TornadoGracefulShutdownLifecycle(
          servers.orderedStream().toList(), timeout, context);
    }
  }
}
