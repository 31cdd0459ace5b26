package io.github.tornadoserver.sample.webflux;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Spring Security for WebFlux: {@code /admin/**} needs HTTP Basic credentials of a user with the
 * role {@code ADMIN} (Boot's in-memory user from {@code spring.security.user.*}); every other path
 * is open. CSRF protection is off: no path relies on a browser session or cookie.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
    return http.authorizeExchange(
            exchanges ->
                exchanges.pathMatchers("/admin/**").hasRole("ADMIN").anyExchange().permitAll())
        .httpBasic(Customizer.withDefaults())
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .build();
  }
}
