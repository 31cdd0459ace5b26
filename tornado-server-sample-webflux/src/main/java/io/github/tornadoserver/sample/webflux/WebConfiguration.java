package io.github.tornadoserver.sample.webflux;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.CorsRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * CORS: pages from {@code https://example.com} may call {@code /api/**} with GET and POST and a
 * JSON body; a preflight from any other origin is refused with 403.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebFluxConfigurer {

  @Override
  public void addCorsMappings(CorsRegistry registry) {
    registry
        .addMapping("/api/**")
        .allowedOrigins("https://example.com")
        .allowedMethods("GET", "POST")
        .allowedHeaders("Content-Type")
        .maxAge(3600);
  }
}
