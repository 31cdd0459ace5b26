package io.github.tornadoserver.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class TornadoAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(TornadoAutoConfiguration.class))
          .withPropertyValues("tornado.http.port=0", "tornado.http.address=127.0.0.1");

  @Test
  void startsOneLoopByDefault() {
    runner.run(context -> assertThat(context.getBean(IOLoopGroup.class).size()).isEqualTo(1));
  }
}
