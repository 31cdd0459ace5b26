package io.github.tornadoserver.benchmarks.webflux;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The hello world of bench.sh as a Spring WebFlux application: {@code GET /hello}, and {@code GET
 * /plaintext} (the path bench.sh and its probe ask every server for), answer {@code Hello, World!}
 * as {@code text/plain} through a router function. Nothing here names a server: the jar it is
 * packaged in decides (webflux-hello-tornado or webflux-hello-netty).
 *
 * <p>Usage: {@code WebFluxHelloServer <port> [--name=value ...]}; binds 127.0.0.1. The defaults
 * give tornado-server one loop and a listen backlog of 4096, what Netty takes by default on the
 * benchmark machine (the kernel's {@code somaxconn}); Reactor Netty ignores them and takes its loop
 * count from the system property {@code reactor.netty.ioWorkerCount}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class WebFluxHelloServer {
  private static final String HELLO = "Hello, World!";

  /** The hello route, answered on the server's event loop. */
  @Bean
  RouterFunction<ServerResponse> helloRoute() {
    return RouterFunctions.route(
        GET("/hello").or(GET("/plaintext")),
        request -> ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).bodyValue(HELLO));
  }

  public static void main(String[] args) {
    String port = args.length > 0 ? args[0] : "8080";
    SpringApplication app = new SpringApplication(WebFluxHelloServer.class);
    app.setDefaultProperties(
        Map.of(
            "server.port", port,
            "server.address", "127.0.0.1",
            "tornado.http.processes", "1",
            "tornado.http.backlog", "4096",
            "spring.main.banner-mode", "off"));
    app.run(args.length > 1 ? Arrays.copyOfRange(args, 1, args.length) : new String[0]);
  }
}
