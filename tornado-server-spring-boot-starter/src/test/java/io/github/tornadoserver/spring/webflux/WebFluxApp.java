package io.github.tornadoserver.spring.webflux;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A WebFlux application as a user writes it, served by tornado-server in the tests. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(WebFluxApp.Greetings.class)
class WebFluxApp {

  record Greeting(@NotBlank String name, int times) {}

  record Reply(String text, int length) {}

  @RestController
  static class Greetings {
    @PostMapping("/greet")
    Mono<Reply> greet(@Valid @RequestBody Greeting greeting) {
      String text = ("hello " + greeting.name() + " ").repeat(greeting.times()).trim();
      return Mono.just(new Reply(text, text.length()));
    }

    @GetMapping("/items/{id}")
    ResponseEntity<String> item(
        @PathVariable int id, @RequestParam(defaultValue = "x") String tag) {
      return ResponseEntity.ok().header("X-Item", String.valueOf(id)).body(id + ":" + tag);
    }

    @GetMapping(value = "/ticks", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<String> ticks(@RequestParam(defaultValue = "3") int n) {
      return Flux.interval(Duration.ofMillis(5)).take(n).map(i -> "tick-" + i);
    }

    @PostMapping("/count")
    Mono<String> count(@RequestBody Flux<DataBuffer> body) {
      return body.map(
              buffer -> {
                int n = buffer.readableByteCount();
                DataBufferUtils.release(buffer);
                return (long) n;
              })
          .reduce(0L, Long::sum)
          .map(String::valueOf);
    }

    @PostMapping(value = "/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<String> upload(@RequestPart("file") FilePart file, @RequestPart("note") Part note) {
      Mono<Long> size =
          DataBufferUtils.join(file.content())
              .map(
                  buffer -> {
                    long n = buffer.readableByteCount();
                    DataBufferUtils.release(buffer);
                    return n;
                  });
      return size.map(n -> file.filename() + "=" + n);
    }

    @GetMapping("/teapot")
    Mono<String> teapot() {
      return Mono.error(new IllegalStateException("no coffee"));
    }

    @GetMapping("/gone")
    Mono<String> gone() {
      return Mono.error(new ResponseStatusException(HttpStatus.GONE, "moved away"));
    }

    @GetMapping("/tls")
    Mono<String> tls(ServerHttpRequest request) {
      return Mono.just(request.getSslInfo() != null ? "tls" : "plain");
    }

    @GetMapping("/tls/session")
    Mono<String> tlsSession(ServerHttpRequest request) {
      var info = request.getSslInfo();
      return Mono.just(info == null || info.getSessionId() == null ? "none" : info.getSessionId());
    }

    @GetMapping("/where")
    Mono<String> where(ServerHttpRequest request) {
      return Mono.just(
          request.getURI()
              + " "
              + request.getPath().contextPath().value()
              + " "
              + request.getRemoteAddress().getAddress().getHostAddress());
    }

    @GetMapping("/secure/hello")
    Mono<String> secure() {
      return Mono.just("secret");
    }

    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<String> onIllegalState(IllegalStateException e) {
      return ResponseEntity.status(HttpStatus.I_AM_A_TEAPOT).body("handled: " + e.getMessage());
    }
  }

  @Bean
  RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .GET(
            "/fn/{name}",
            request -> ServerResponse.ok().bodyValue("fn " + request.pathVariable("name")))
        .build();
  }

  @Bean
  WebFilter stampFilter() {
    return (exchange, chain) -> {
      exchange.getResponse().getHeaders().add("X-Stamp", "tornado");
      return chain.filter(exchange);
    };
  }

  @Bean
  SecurityWebFilterChain security(ServerHttpSecurity http) {
    return http.authorizeExchange(
            exchanges ->
                exchanges.pathMatchers("/secure/**").authenticated().anyExchange().permitAll())
        .httpBasic(basic -> {})
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .cors(cors -> cors.configurationSource(cors()))
        .build();
  }

  private static UrlBasedCorsConfigurationSource cors() {
    CorsConfiguration config = new CorsConfiguration();
    config.addAllowedOrigin("https://app.example");
    config.addAllowedMethod("POST");
    config.addAllowedHeader("Content-Type");
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration("/greet", config);
    return source;
  }

  @Bean
  MapReactiveUserDetailsService users() {
    return new MapReactiveUserDetailsService(
        User.withUsername("ada").password("{noop}lovelace").roles("USER").build());
  }
}
