package io.github.tornadoserver.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ManagementPortTest {

  @Test
  void noManagementPortSharesTheApplicationServer() {
    assertThat(ManagementPort.of(new MockEnvironment())).isEqualTo(ManagementPort.SAME);
  }

  @Test
  void theApplicationPortIsTheSameServer() {
    MockEnvironment environment =
        new MockEnvironment()
            .withProperty("management.server.port", "9000")
            .withProperty("tornado.http.port", "9000");
    assertThat(ManagementPort.of(environment)).isEqualTo(ManagementPort.SAME);
    assertThat(
            ManagementPort.of(new MockEnvironment().withProperty("management.server.port", "8888")))
        .isEqualTo(ManagementPort.SAME);
  }

  @Test
  void anotherPortOrAFreeOneIsADifferentServer() {
    assertThat(
            ManagementPort.of(new MockEnvironment().withProperty("management.server.port", "9001")))
        .isEqualTo(ManagementPort.DIFFERENT);
    MockEnvironment zeros =
        new MockEnvironment()
            .withProperty("management.server.port", "0")
            .withProperty("tornado.http.port", "0");
    assertThat(ManagementPort.of(zeros)).isEqualTo(ManagementPort.DIFFERENT);
  }

  @Test
  void aNegativePortServesTheEndpointsNowhere() {
    assertThat(
            ManagementPort.of(new MockEnvironment().withProperty("management.server.port", "-1")))
        .isEqualTo(ManagementPort.DISABLED);
  }
}
