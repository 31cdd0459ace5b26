package io.github.tornadoserver.sample.webflux;

import static io.github.tornadoserver.sample.webflux.Parameters.guarded;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.path;

import java.time.Duration;
import java.util.Arrays;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The debugging endpoints of the tornado-server sample, with the same contract, as router
 * functions:
 *
 * <ul>
 *   <li>any method on {@code /echo} and {@code /echo/**}: the request as JSON ({@link
 *       EchoHandler});
 *   <li>{@code GET /stream?n=N&size=S}: N buffers of S bytes {@code x}, a {@code Flux<DataBuffer>}
 *       without a length (N up to 10000, default 10; S up to 1 MiB, default 1024; N times S up to
 *       100 MiB);
 *   <li>{@code GET /status/{code}}: that status (200 to 599), empty body;
 *   <li>{@code GET /slow?ms=M}: {@code ok} after M ms (up to 60000, default 1000) on a timer, so no
 *       thread waits;
 *   <li>{@code GET /headers-big?n=N}: N headers {@code X-H-0: 0} to {@code X-H-<N-1>} (N up to
 *       10000, default 100).
 * </ul>
 *
 * A value out of range or not a number is answered 400 with a message that quotes it and the range
 * ({@link Parameters}).
 */
@Configuration(proxyBeanMethods = false)
class DebugRoutes {
  static final long MAX_CHUNKS = 10_000;
  static final long MAX_CHUNK_SIZE = 1024 * 1024;
  static final long MAX_TOTAL = 100L * 1024 * 1024;
  static final long MAX_MILLIS = 60_000;
  static final long MAX_HEADERS = 10_000;

  private static final DataBufferFactory BUFFERS = DefaultDataBufferFactory.sharedInstance;

  @Bean
  RouterFunction<ServerResponse> debugRouterFunction(EchoHandler echo) {
    return RouterFunctions.route()
        .route(path("/echo").or(path("/echo/**")), echo::handle)
        .route(GET("/stream"), guarded(DebugRoutes::stream))
        .route(GET("/status/{code}"), guarded(DebugRoutes::status))
        .route(GET("/slow"), guarded(DebugRoutes::slow))
        .route(GET("/headers-big"), guarded(DebugRoutes::headersBig))
        .build();
  }

  static Mono<ServerResponse> stream(ServerRequest request) {
    long n = Parameters.bounded(request, "n", 10, 0, MAX_CHUNKS);
    long size = Parameters.bounded(request, "size", 1024, 0, MAX_CHUNK_SIZE);
    if (n * size > MAX_TOTAL) {
      throw new Parameters.RejectedException(
          "n*size: " + n * size + " (expected: at most " + MAX_TOTAL + ")");
    }
    byte[] chunk = new byte[(int) size];
    Arrays.fill(chunk, (byte) 'x');
    // Each buffer is made when the server asks for it: a slow client holds back the flux.
    Flux<DataBuffer> chunks = Flux.range(0, (int) n).map(i -> BUFFERS.wrap(chunk));
    return ServerResponse.ok()
        .contentType(MediaType.TEXT_PLAIN)
        .body(BodyInserters.fromDataBuffers(chunks));
  }

  static Mono<ServerResponse> status(ServerRequest request) {
    String code = request.pathVariable("code");
    long status = Parameters.bounded("code", code, 0, 200, 599);
    return ServerResponse.status((int) status).build();
  }

  static Mono<ServerResponse> slow(ServerRequest request) {
    long ms = Parameters.bounded(request, "ms", 1000, 0, MAX_MILLIS);
    return Mono.delay(Duration.ofMillis(ms))
        .then(ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).bodyValue("ok\n"));
  }

  static Mono<ServerResponse> headersBig(ServerRequest request) {
    long n = Parameters.bounded(request, "n", 100, 0, MAX_HEADERS);
    return ServerResponse.ok()
        .headers(
            headers -> {
              for (int i = 0; i < n; i++) {
                headers.add("X-H-" + i, Integer.toString(i));
              }
            })
        .build();
  }
}
