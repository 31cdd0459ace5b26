package io.github.tornadoserver.spring.http;

import static io.github.tornadoserver.testing.TornadoContexts.httpPort;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.RawHttp;
import io.github.tornadoserver.testing.TornadoContexts;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationRegistryCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class TornadoObservationAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      TornadoContexts.runner().withUserConfiguration(Routes.class);

  @Test
  void recordsEveryRoutedRequestWithItsRoutePattern() {
    runner
        .withUserConfiguration(Recording.class)
        .run(
            context -> {
              Recording recording = context.getBean(Recording.class);
              assertThat(RawHttp.get(httpPort(context), "/items/42?q=1").status()).isEqualTo(201);
              Observation.Context stopped = recording.next();
              assertThat(stopped.getName()).isEqualTo("http.server.requests");
              assertThat(stopped.getContextualName()).isEqualTo("http get /items/{id}");
              assertThat(stopped.getLowCardinalityKeyValues())
                  .containsExactlyInAnyOrder(
                      KeyValue.of("method", "GET"),
                      KeyValue.of("uri", "/items/{id}"),
                      KeyValue.of("status", "201"),
                      KeyValue.of("outcome", "SUCCESS"),
                      KeyValue.of("exception", "none"));
              assertThat(stopped.getHighCardinalityKeyValues())
                  .contains(KeyValue.of("http.url", "/items/42"));
            });
  }

  @Test
  void tagsRequestsThatNoRouteTook() {
    runner
        .withUserConfiguration(Recording.class)
        .run(
            context -> {
              Recording recording = context.getBean(Recording.class);
              RawHttp.get(httpPort(context), "/missing");
              assertThat(tags(recording.next())).contains(KeyValue.of("uri", "NOT_FOUND"));
              try (RawHttp http = new RawHttp(httpPort(context))) {
                http.request(
                    "POST /items/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", false);
              }
              assertThat(tags(recording.next()))
                  .contains(
                      KeyValue.of("uri", "UNKNOWN"),
                      KeyValue.of("status", "405"),
                      KeyValue.of("outcome", "CLIENT_ERROR"));
            });
  }

  @Test
  void tagsTheExceptionOfAFailedHandler() {
    LogCapture.expect("tornado.application", Level.ERROR, "Uncaught exception in handler of /boom");
    runner
        .withUserConfiguration(Recording.class)
        .run(
            context -> {
              Recording recording = context.getBean(Recording.class);
              assertThat(RawHttp.get(httpPort(context), "/boom").status()).isEqualTo(500);
              Observation.Context stopped = recording.next();
              assertThat(tags(stopped))
                  .contains(
                      KeyValue.of("exception", "UnsupportedOperationException"),
                      KeyValue.of("outcome", "SERVER_ERROR"));
              assertThat(stopped.getError()).isInstanceOf(UnsupportedOperationException.class);
            });
  }

  @Test
  void usesTheApplicationsConvention() {
    runner
        .withUserConfiguration(Recording.class)
        .withBean(TornadoRequestObservationConvention.class, RenamingConvention::new)
        .run(
            context -> {
              RawHttp.get(httpPort(context), "/items/1");
              assertThat(context.getBean(Recording.class).next().getName()).isEqualTo("custom");
            });
  }

  @Test
  void timesRequestsWithSpringBootsObservationRegistry() {
    TornadoContexts.runner()
        .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
        .withUserConfiguration(Routes.class, Meters.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(ObservationRequestObserver.class);
              RawHttp.get(httpPort(context), "/items/7");
              Meters meters = context.getBean(Meters.class);
              assertThat(meters.stopped.poll(5, TimeUnit.SECONDS)).isNotNull();
              Timer timer =
                  meters.registry.get("http.server.requests").tag("uri", "/items/{id}").timer();
              assertThat(timer.count()).isEqualTo(1);
              assertThat(timer.getId().getTag("status")).isEqualTo("201");
            });
  }

  @Test
  void recordsTheStatusOfARequestTheServerRefused() {
    LogCapture.expect("tornado.general", Level.INFO, "Refused request");
    TornadoContexts.runner()
        .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
        .withUserConfiguration(Routes.class, Meters.class)
        .withPropertyValues("tornado.http.max-body-size=10B")
        .run(
            context -> {
              try (RawHttp http = new RawHttp(httpPort(context))) {
                RawHttp.Response response =
                    http.request(
                        "POST /boom HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n", false);
                assertThat(response.status()).isEqualTo(413);
              }
              Meters meters = context.getBean(Meters.class);
              assertThat(meters.stopped.poll(5, TimeUnit.SECONDS)).isNotNull();
              Timer timer =
                  meters
                      .registry
                      .get("http.server.requests")
                      .tags("uri", "/boom", "status", "413", "outcome", "CLIENT_ERROR")
                      .timer();
              assertThat(timer.count()).isEqualTo(1);
            });
  }

  @Test
  void recordsAClientThatLeftWithTheStatusItWasNeverSent() {
    TornadoContexts.runner()
        .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
        .withUserConfiguration(Routes.class, Meters.class)
        .run(
            context -> {
              try (RawHttp http = new RawHttp(httpPort(context))) {
                http.send("POST /boom HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nab");
                http.reset();
              }
              Meters meters = context.getBean(Meters.class);
              assertThat(meters.stopped.poll(5, TimeUnit.SECONDS)).isNotNull();
              assertThat(
                      meters
                          .registry
                          .get("http.server.requests")
                          .tags("status", "UNKNOWN", "outcome", "UNKNOWN", "exception", "none")
                          .timer()
                          .count())
                  .isEqualTo(1);
            });
  }

  /** Boot's observation and metrics auto-configuration, as the actuator starter brings them. */
  private static ApplicationContextRunner bootMetrics() {
    return TornadoContexts.runner()
        .withConfiguration(
            AutoConfigurations.of(
                ObservationAutoConfiguration.class,
                MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class))
        .withUserConfiguration(Routes.class);
  }

  @Test
  void bootsMetricsRecordTheStartersRequestsThroughTheHandlerThatKeepsItsMeters() {
    bootMetrics()
        .withUserConfiguration(Recording.class)
        .run(
            context -> {
              assertThat(context)
                  .hasSingleBean(TornadoRequestMeterObservationHandler.class)
                  .hasSingleBean(DefaultMeterObservationHandler.class);
              MeterRegistry meters = context.getBean(MeterRegistry.class);
              for (int i = 0; i < 3; i++) {
                assertThat(RawHttp.get(httpPort(context), "/items/" + i).status()).isEqualTo(201);
                context.getBean(Recording.class).next();
              }
              // Recorded once per request (by one meter handler, not both), with Boot's tags.
              Timer timer =
                  meters
                      .get("http.server.requests")
                      .tags("uri", "/items/{id}", "status", "201", "error", "none")
                      .timer();
              assertThat(timer.count()).isEqualTo(3);
              // Boot placed it before its own handler: it recorded them, into that timer.
              assertThat(context.getBean(TornadoRequestMeterObservationHandler.class).keptTimers())
                  .containsExactly(timer);
              assertThat(meters.get("http.server.requests.active").longTaskTimer().activeTasks())
                  .isZero();
            });
  }

  @Test
  void bootsIgnoredLongTaskTimerIsLeftOutForTheStartersRequestsToo() {
    bootMetrics()
        .withUserConfiguration(Recording.class)
        .withPropertyValues("management.metrics.observations.ignored-meters=long-task-timer")
        .run(
            context -> {
              RawHttp.get(httpPort(context), "/items/1");
              context.getBean(Recording.class).next();
              MeterRegistry meters = context.getBean(MeterRegistry.class);
              assertThat(meters.get("http.server.requests").timer().count()).isEqualTo(1);
              assertThat(meters.find("http.server.requests.active").meters()).isEmpty();
            });
  }

  @Test
  void leavesTheApplicationsOwnMeterHandlerInCharge() {
    bootMetrics()
        .withBean(
            "ownMeterHandler",
            MeterObservationHandler.class,
            () -> new DefaultMeterObservationHandler(new SimpleMeterRegistry()))
        .run(
            context ->
                assertThat(context).doesNotHaveBean(TornadoRequestMeterObservationHandler.class));
  }

  @Test
  void keepsNoMetersWithoutBootsMetrics() {
    TornadoContexts.runner()
        .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
        .withUserConfiguration(Routes.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(ObservationRequestObserver.class);
              assertThat(context).doesNotHaveBean(TornadoRequestMeterObservationHandler.class);
            });
  }

  @Test
  void observesWithoutMicrometersMetersOrBootsMetricsOnTheClassPath() {
    TornadoContexts.runner()
        .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
        .withUserConfiguration(Routes.class, Recording.class)
        .withClassLoader(
            new FilteredClassLoader(
                "io.micrometer.core", "org.springframework.boot.micrometer.metrics"))
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(ObservationRequestObserver.class);
              assertThat(context).doesNotHaveBean("tornadoRequestMeterObservationHandler");
              assertThat(RawHttp.get(httpPort(context), "/items/1").status()).isEqualTo(201);
              assertThat(tags(context.getBean(Recording.class).next()))
                  .contains(KeyValue.of("uri", "/items/{id}"));
            });
  }

  @Test
  void observesNothingWithoutAnObservationRegistry() {
    runner.run(
        context -> {
          assertThat(context).doesNotHaveBean(ObservationRequestObserver.class);
          assertThat(RawHttp.get(httpPort(context), "/items/1").status()).isEqualTo(201);
        });
  }

  @Test
  void observesNothingWithoutTheObservationApi() {
    runner
        .withUserConfiguration(Recording.class)
        .withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(ObservationRequestObserver.class);
              assertThat(RawHttp.get(httpPort(context), "/items/1").status()).isEqualTo(201);
            });
  }

  private static KeyValues tags(Observation.Context context) {
    return context.getLowCardinalityKeyValues();
  }

  @Configuration(proxyBeanMethods = false)
  static class Routes {
    @Bean
    @Route(path = "/items/{id}", methods = "GET")
    RequestHandler item() {
      return exchange -> exchange.respond(201);
    }

    @Bean
    @Route("/boom")
    RequestHandler boom() {
      return exchange -> {
        throw new UnsupportedOperationException("boom");
      };
    }
  }

  /**
   * An observation registry that hands over each stopped observation's context. Boot adds its
   * handlers to it after this one, and handlers are told of a stop in the reverse order of their
   * adding: the test is told after the meters were recorded.
   */
  @Configuration(proxyBeanMethods = false)
  static class Recording {
    private final LinkedBlockingQueue<Observation.Context> stopped = new LinkedBlockingQueue<>();

    @Bean
    ObservationRegistry observationRegistry() {
      ObservationRegistry registry = ObservationRegistry.create();
      registry.observationConfig().observationHandler(new StopHandler(stopped));
      return registry;
    }

    /** The next stopped observation, waited for up to 5 seconds. */
    Observation.Context next() throws InterruptedException {
      Observation.Context context = stopped.poll(5, TimeUnit.SECONDS);
      assertThat(context).as("a stopped observation").isNotNull();
      return context;
    }
  }

  /** Boot's registry with a meter handler, as the actuator would add. */
  @Configuration(proxyBeanMethods = false)
  static class Meters {
    final MeterRegistry registry = new SimpleMeterRegistry();
    final LinkedBlockingQueue<Observation.Context> stopped = new LinkedBlockingQueue<>();

    @Bean
    ObservationRegistryCustomizer<ObservationRegistry> meterHandler() {
      // Handlers stop in reverse order: the meter is recorded before the test is told.
      return observations ->
          observations
              .observationConfig()
              .observationHandler(new StopHandler(stopped))
              .observationHandler(new DefaultMeterObservationHandler(registry));
    }
  }

  private record StopHandler(LinkedBlockingQueue<Observation.Context> stopped)
      implements ObservationHandler<Observation.Context> {
    @Override
    public void onStop(Observation.Context context) {
      stopped.add(context);
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }
  }

  static final class RenamingConvention extends DefaultTornadoRequestObservationConvention {
    @Override
    public String getName() {
      return "custom";
    }
  }
}
