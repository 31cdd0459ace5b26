package io.github.tornadoserver.spring.actuate;

import static io.github.tornadoserver.spring.actuate.ActuatorApps.delete;
import static io.github.tornadoserver.spring.actuate.ActuatorApps.get;
import static io.github.tornadoserver.spring.actuate.ActuatorApps.httpPort;
import static io.github.tornadoserver.spring.actuate.ActuatorApps.post;
import static io.github.tornadoserver.spring.actuate.ActuatorApps.start;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.spring.TornadoServerLifecycle;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.RawHttp;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TornadoActuatorAutoConfigurationTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String V3 = "application/vnd.spring-boot.actuator.v3+json";

  @Test
  void healthIsUpThenDownWith503WhenAContributorFails() {
    try (ConfigurableApplicationContext context =
        start(List.of(Failing.class), "management.endpoint.health.show-details=always")) {
      int port = httpPort(context);
      HttpResponse<String> up = get(port, "/actuator/health");
      assertThat(up.statusCode()).isEqualTo(200);
      assertThat(up.headers().firstValue("Content-Type")).hasValue(V3);
      assertThat(json(up).path("status").asString()).isEqualTo("UP");
      assertThat(json(up).path("components").has("failing")).isTrue();

      LogCapture.expect(Failing.Indicator.class.getName(), Level.WARN, "Health check failed");
      context.getBean(Failing.class).failing.set(true);
      HttpResponse<String> down = get(port, "/actuator/health");
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(json(down).path("status").asString()).isEqualTo("DOWN");
      assertThat(json(down).at("/components/failing/details/error").asString()).contains("disk");
    }
  }

  @Test
  void showDetailsNeverHidesTheComponents() {
    try (ConfigurableApplicationContext context = start()) {
      JsonNode health = json(get(httpPort(context), "/actuator/health"));
      assertThat(health.path("status").asString()).isEqualTo("UP");
      assertThat(health.has("components")).isFalse();
    }
  }

  @Test
  void livenessAndReadinessGroupsAnswerUnderTheBasePathAndAtTheirAdditionalPaths() {
    try (ConfigurableApplicationContext context =
        start("management.endpoint.health.probes.add-additional-paths=true")) {
      int port = httpPort(context);
      assertThat(get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
      assertThat(json(get(port, "/actuator/health/readiness")).path("status").asString())
          .isEqualTo("UP");
      assertThat(get(port, "/livez").statusCode()).isEqualTo(200);
      assertThat(get(port, "/actuator/health/nothing").statusCode()).isEqualTo(404);

      AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
      HttpResponse<String> refusing = get(port, "/actuator/health/readiness");
      assertThat(refusing.statusCode()).isEqualTo(503);
      assertThat(json(refusing).path("status").asString()).isEqualTo("OUT_OF_SERVICE");
      assertThat(get(port, "/readyz").statusCode()).isEqualTo(503);
      assertThat(get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void metricsListHttpServerRequestsAndTheTornadoMetersAfterTraffic() throws Exception {
    try (ConfigurableApplicationContext context =
        start("management.endpoints.web.exposure.include=health,metrics")) {
      int port = httpPort(context);
      for (int i = 0; i < 10; i++) {
        assertThat(RawHttp.get(port, "/actuator/health").status()).isEqualTo(200);
      }

      List<String> names = new ArrayList<>();
      json(get(port, "/actuator/metrics")).path("names").forEach(n -> names.add(n.asString()));
      assertThat(names).contains("http.server.requests", "tornado.server.connections.accepted");

      HttpResponse<String> requests =
          get(port, "/actuator/metrics/http.server.requests?tag=uri:/actuator/health");
      assertThat(requests.statusCode()).isEqualTo(200);
      assertThat(json(requests).at("/measurements/0/value").asDouble()).isEqualTo(10);
      assertThat(json(requests).path("availableTags").toString())
          .contains("\"200\"")
          .doesNotContain("UNKNOWN");
      assertThat(get(port, "/actuator/metrics/no.such.meter").statusCode()).isEqualTo(404);
      HttpResponse<String> badTag = get(port, "/actuator/metrics/jvm.memory.used?tag=nonsense");
      assertThat(badTag.statusCode()).isEqualTo(400);
      assertThat(json(badTag).path("status").asInt()).isEqualTo(400);
      assertThat(json(badTag).path("path").asString())
          .isEqualTo("/actuator/metrics/jvm.memory.used");
      assertThat(json(badTag).path("message").asString()).contains("'key:value'");
    }
  }

  @Test
  void prometheusScrapeParsesInTheTextAndTheOpenMetricsFormats() {
    try (ConfigurableApplicationContext context =
        start("management.endpoints.web.exposure.include=health,prometheus")) {
      int port = httpPort(context);
      get(port, "/actuator/health");

      HttpResponse<String> text = get(port, "/actuator/prometheus");
      assertThat(text.statusCode()).isEqualTo(200);
      assertThat(text.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("text/plain;")
          .contains("version=0.0.4");
      assertThat(samples(text.body())).containsKey("http_server_requests_seconds_count");
      assertThat(samples(text.body()))
          .containsKey("tornado_server_connections_accepted_connections_total");

      HttpResponse<String> open =
          get(
              port,
              "/actuator/prometheus",
              "Accept",
              "application/openmetrics-text; version=1.0.0; charset=utf-8");
      assertThat(open.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("application/openmetrics-text");
      assertThat(open.body()).endsWith("# EOF\n");
    }
  }

  @Test
  void exposureIncludeAndExcludeAreRespected() {
    try (ConfigurableApplicationContext context =
        start(
            "management.endpoints.web.exposure.include=health,info,env,beans",
            "management.endpoints.web.exposure.exclude=env")) {
      int port = httpPort(context);
      assertThat(get(port, "/actuator/info").statusCode()).isEqualTo(200);
      assertThat(get(port, "/actuator/beans").statusCode()).isEqualTo(200);
      assertThat(get(port, "/actuator/env").statusCode()).isEqualTo(404);
      assertThat(get(port, "/actuator/metrics").statusCode()).isEqualTo(404);
      JsonNode links = json(get(port, "/actuator")).path("_links");
      assertThat(links.has("info")).isTrue();
      assertThat(links.has("env")).isFalse();
    }
  }

  @Test
  void theLinksPageListsEveryOperationWithAbsoluteUrls() {
    try (ConfigurableApplicationContext context = start()) {
      int port = httpPort(context);
      HttpResponse<String> page = get(port, "/actuator");
      assertThat(page.statusCode()).isEqualTo(200);
      JsonNode links = json(page).path("_links");
      String base = "http://127.0.0.1:" + port + "/actuator";
      assertThat(links.at("/self/href").asString()).isEqualTo(base);
      assertThat(links.at("/health/href").asString()).isEqualTo(base + "/health");
      assertThat(links.at("/health-path/href").asString()).isEqualTo(base + "/health/{*path}");
      assertThat(links.at("/health-path/templated").asBoolean()).isTrue();
    }
  }

  @Test
  void basePathAndPathMappingMoveTheEndpoints() {
    try (ConfigurableApplicationContext context =
        start(
            "management.endpoints.web.base-path=/manage",
            "management.endpoints.web.path-mapping.health=status")) {
      int port = httpPort(context);
      assertThat(get(port, "/manage/status").statusCode()).isEqualTo(200);
      assertThat(get(port, "/manage/status/liveness").statusCode()).isEqualTo(200);
      assertThat(get(port, "/actuator/health").statusCode()).isEqualTo(404);
      assertThat(get(port, "/manage").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theAcceptHeaderChoosesTheMediaType() {
    try (ConfigurableApplicationContext context = start()) {
      int port = httpPort(context);
      assertThat(get(port, "/actuator/health", "Accept", "application/json").headers())
          .satisfies(h -> assertThat(h.firstValue("Content-Type")).hasValue("application/json"));
      assertThat(
              get(port, "/actuator/health", "Accept", "*/*").headers().firstValue("Content-Type"))
          .hasValue(V3);
      assertThat(get(port, "/actuator/health", "Accept", "text/html").statusCode()).isEqualTo(406);
    }
  }

  @Test
  void theLoggersWriteOperationChangesALogLevel() {
    String name = "io.github.tornadoserver.actuate.test";
    try (ConfigurableApplicationContext context =
        start("management.endpoints.web.exposure.include=loggers")) {
      int port = httpPort(context);
      assertThat(LoggerFactory.getLogger(name).isDebugEnabled()).isFalse();

      HttpResponse<String> set =
          post(
              port,
              "/actuator/loggers/" + name,
              "application/json",
              "{\"configuredLevel\":\"DEBUG\"}");
      assertThat(set.statusCode()).isEqualTo(204);
      assertThat(LoggerFactory.getLogger(name).isDebugEnabled()).isTrue();
      JsonNode logger = json(get(port, "/actuator/loggers/" + name));
      assertThat(logger.path("configuredLevel").asString()).isEqualTo("DEBUG");

      assertThat(post(port, "/actuator/loggers/" + name, "text/plain", "DEBUG").statusCode())
          .isEqualTo(415);
      assertThat(post(port, "/actuator/loggers/" + name, "application/json", "[1").statusCode())
          .isEqualTo(400);
      post(port, "/actuator/loggers/" + name, "application/json", "{}");
      assertThat(LoggerFactory.getLogger(name).isDebugEnabled()).isFalse();
    }
  }

  @Test
  void operationsRunOffTheLoopsWithSelectorsAndQueryParametersAsArguments() {
    try (ConfigurableApplicationContext context =
        start(List.of(Probe.class), "management.endpoints.web.exposure.include=probe")) {
      int port = httpPort(context);
      JsonNode read = json(get(port, "/actuator/probe/abc?times=2"));
      assertThat(read.path("value").asString()).isEqualTo("abcabc");
      assertThat(read.path("thread").asString()).doesNotStartWith("tornado-loop-");
      assertThat(get(port, "/actuator/probe/abc").statusCode()).isEqualTo(400);

      assertThat(post(port, "/actuator/probe?value=x", "application/json", "").statusCode())
          .isEqualTo(204);
      assertThat(get(port, "/actuator/probe").body()).isEqualTo("x");
      assertThat(delete(port, "/actuator/probe").statusCode()).isEqualTo(204);
      assertThat(get(port, "/actuator/probe").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void aSeparateManagementPortServesTheEndpointsOnASecondServer() {
    try (ConfigurableApplicationContext context =
        start("management.server.port=0", "management.server.base-path=/manage")) {
      int port = httpPort(context);
      int management =
          context.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
      assertThat(management).isPositive().isNotEqualTo(port);
      TornadoServerLifecycle server =
          context.getBean("tornadoManagementServerLifecycle", TornadoServerLifecycle.class);
      assertThat(server.addresses())
          .as("listens where the application's server does")
          .containsExactly(new InetSocketAddress("127.0.0.1", management));

      assertThat(get(management, "/manage/actuator/health").statusCode()).isEqualTo(200);
      assertThat(get(management, "/manage/actuator").statusCode()).isEqualTo(200);
      assertThat(get(port, "/actuator/health").statusCode()).isEqualTo(404);
      assertThat(get(port, "/manage/actuator/health").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void theApplicationPortIsTheManagementPortByDefault() {
    try (ConfigurableApplicationContext context = start()) {
      assertThat(context.getEnvironment().getProperty("local.management.port", Integer.class))
          .isEqualTo(httpPort(context));
    }
  }

  private static JsonNode json(HttpResponse<String> response) {
    return JSON.readTree(response.body());
  }

  /** Each sample of a Prometheus text exposition by name; fails on a line that is none. */
  private static Map<String, String> samples(String exposition) {
    Pattern sample =
        Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{.*})? (-?[0-9.eE+-]+|NaN|[+-]Inf)");
    Map<String, String> samples = new java.util.HashMap<>();
    for (String line : exposition.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      var matcher = sample.matcher(line);
      assertThat(matcher.matches()).as("sample line %s", line).isTrue();
      samples.put(matcher.group(1), matcher.group(3));
    }
    return samples;
  }

  /** A health indicator that fails once told to. */
  @Configuration(proxyBeanMethods = false)
  static class Failing {
    final AtomicBoolean failing = new AtomicBoolean();

    @Bean
    Indicator failingHealthIndicator() {
      return new Indicator(failing);
    }

    static final class Indicator extends AbstractHealthIndicator {
      private final AtomicBoolean failing;

      Indicator(AtomicBoolean failing) {
        this.failing = failing;
      }

      @Override
      protected void doHealthCheck(Health.Builder builder) {
        if (failing.get()) {
          throw new IllegalStateException("disk on fire");
        }
        builder.up();
      }
    }
  }

  /** An endpoint that tells which thread runs it and takes a selector and query parameters. */
  @Configuration(proxyBeanMethods = false)
  @Endpoint(id = "probe")
  static class Probe {
    volatile String written;

    @ReadOperation
    Map<String, String> read(@Selector String text, int times) {
      return Map.of("value", text.repeat(times), "thread", Thread.currentThread().getName());
    }

    @ReadOperation
    String last() {
      return written == null ? null : written;
    }

    @WriteOperation
    void write(String value) {
      written = value;
    }

    @DeleteOperation
    void delete() {
      written = null;
    }
  }
}
