package io.github.tornadoserver.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the tornado servers: the loops, the HTTP server and, when a stream-handler
 * bean exists, the TCP server, each bound and started with the application context.
 */
@AutoConfiguration
@EnableConfigurationProperties(TornadoProperties.class)
public final class TornadoAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  IOLoopGroup tornadoLoopGroup(TornadoProperties properties) {
    return new IOLoopGroup(LoopCount.of(properties));
  }
}
