package io.github.tornadoserver.spring.actuate;

import static io.github.tornadoserver.spring.actuate.ActuatorApps.get;
import static io.github.tornadoserver.spring.actuate.ActuatorApps.httpPort;
import static io.github.tornadoserver.spring.actuate.ActuatorApps.start;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.util.MimeTypeUtils;

class EndpointResponsesTest {
  private static final int LARGE = 300 * 1024;

  @Test
  void aResourceIsStreamedWithItsLength() {
    try (ConfigurableApplicationContext context = app()) {
      HttpResponse<String> response = get(httpPort(context), "/actuator/bodies");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/octet-stream");
      assertThat(response.headers().firstValue("Content-Length")).hasValue(Integer.toString(LARGE));
      assertThat(response.body()).hasSize(LARGE).matches("a*");
    }
  }

  @Test
  void bytesAndTextAreSentAsTheyAreWithTheResponsesType() {
    try (ConfigurableApplicationContext context = app()) {
      HttpResponse<String> bytes = get(httpPort(context), "/actuator/bodies/bytes");
      assertThat(bytes.statusCode()).isEqualTo(202);
      assertThat(bytes.headers().firstValue("Content-Type")).hasValue("text/csv");
      assertThat(bytes.body()).isEqualTo("a,b");
    }
  }

  @Test
  void aResponseWithoutABodyHasOnlyItsStatus() {
    try (ConfigurableApplicationContext context = app()) {
      HttpResponse<String> empty = get(httpPort(context), "/actuator/bodies/empty");
      assertThat(empty.statusCode()).isEqualTo(429);
      assertThat(empty.body()).isEmpty();
    }
  }

  private static ConfigurableApplicationContext app() {
    return start(List.of(Bodies.class), "management.endpoints.web.exposure.include=bodies");
  }

  /** An endpoint of every kind of body. */
  @Configuration(proxyBeanMethods = false)
  @Endpoint(id = "bodies")
  static class Bodies {
    @ReadOperation
    WebEndpointResponse<Resource> resource() {
      return new WebEndpointResponse<>(new ByteArrayResource("a".repeat(LARGE).getBytes()), 200);
    }

    @ReadOperation
    WebEndpointResponse<byte[]> body(@Selector String kind) {
      if (kind.equals("bytes")) {
        return new WebEndpointResponse<>(
            "a,b".getBytes(), 202, MimeTypeUtils.parseMimeType("text/csv"));
      }
      return new WebEndpointResponse<>(WebEndpointResponse.STATUS_TOO_MANY_REQUESTS);
    }
  }
}
