package io.github.tornadoserver.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.spring.http.DisconnectListener;
import io.github.tornadoserver.spring.http.RequestHandler;
import io.github.tornadoserver.spring.http.Route;
import io.github.tornadoserver.testing.OnLoop;
import io.github.tornadoserver.testing.RawHttp;
import io.github.tornadoserver.testing.TornadoContexts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class TornadoDisconnectMetricsTest {
  @Test
  void countsEachDisconnectOnce() {
    MeterRegistry registry = new SimpleMeterRegistry();
    TornadoDisconnectMetrics metrics = new TornadoDisconnectMetrics(registry);
    metrics.clientLeft("/a");
    metrics.clientLeft(null);
    assertThat(registry.get(TornadoDisconnectMetrics.NAME).tag("server", "http").counter().count())
        .isEqualTo(2);
  }

  @Test
  void countsAClientThatLeavesARoutedRequest() {
    TornadoContexts.runner()
        .withConfiguration(AutoConfigurations.of(TornadoMetricsAutoConfiguration.class))
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withUserConfiguration(Slow.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(TornadoDisconnectMetrics.class);
              try (RawHttp http = new RawHttp(TornadoContexts.httpPort(context))) {
                http.send("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\nabc");
                http.reset();
              }
              Counter counter =
                  context
                      .getBean(MeterRegistry.class)
                      .get(TornadoDisconnectMetrics.NAME)
                      .tag("server", "http")
                      .counter();
              OnLoop.await(() -> counter.count() == 1, "the disconnect counted");
            });
  }

  @Test
  void tellsTheApplicationsListenerAsWell() {
    List<String> told = new CopyOnWriteArrayList<>();
    TornadoContexts.runner()
        .withConfiguration(AutoConfigurations.of(TornadoMetricsAutoConfiguration.class))
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withBean(DisconnectListener.class, () -> told::add)
        .withUserConfiguration(Slow.class)
        .run(
            context -> {
              try (RawHttp http = new RawHttp(TornadoContexts.httpPort(context))) {
                http.send("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\nabc");
                http.reset();
              }
              Counter counter =
                  context.getBean(MeterRegistry.class).get(TornadoDisconnectMetrics.NAME).counter();
              OnLoop.await(() -> counter.count() == 1 && told.size() == 1, "both told");
              assertThat(told).containsExactly("/slow");
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class Slow {
    @Bean
    @Route(path = "/slow", methods = "POST")
    RequestHandler slow() {
      return exchange -> exchange.respond(200);
    }
  }
}
