package io.github.tornadoserver.benchmarks;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.spring.http.RequestHandler;
import io.github.tornadoserver.spring.http.Route;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The same hello world as {@link TornadoHelloServer}, as a Spring Boot application using the
 * starter: one {@code @Route} handler bean, routed by the starter, on one loop. It measures what
 * the starter's routing and exchange cost over the raw delegate. Usage: {@code StarterHelloServer
 * <port>}; binds 127.0.0.1 with the same listen backlog as the other two servers.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class StarterHelloServer {
  private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

  /** The hello handler, answered on the loop thread. */
  @Bean
  @Route(path = "/plaintext", methods = "GET")
  RequestHandler plaintext() {
    return exchange -> {
      HTTPHeaders headers = new HTTPHeaders();
      headers.add("Content-Type", "text/plain");
      exchange.respond(200, headers, BODY);
    };
  }

  /**
   * Starts the application in this JVM for a JMH benchmark: an ephemeral port on 127.0.0.1, one
   * loop, warnings only in the log, and {@code settings} (Boot properties) on top.
   */
  static ConfigurableApplicationContext startInProcess(Map<String, String> settings) {
    SpringApplication app = new SpringApplication(StarterHelloServer.class);
    Map<String, Object> properties = new HashMap<>();
    properties.put("tornado.http.port", "0");
    properties.put("tornado.http.address", "127.0.0.1");
    properties.put("tornado.http.processes", "1");
    properties.put("spring.main.banner-mode", "off");
    properties.put("logging.level.root", "warn");
    properties.putAll(settings);
    app.setDefaultProperties(properties);
    return app.run();
  }

  public static void main(String[] args) {
    String port = args.length > 0 ? args[0] : "8080";
    SpringApplication app = new SpringApplication(StarterHelloServer.class);
    app.setDefaultProperties(
        Map.of(
            "tornado.http.port", port,
            "tornado.http.address", "127.0.0.1",
            "tornado.http.processes", "1",
            "tornado.http.backlog", Integer.toString(TornadoHelloServer.BACKLOG),
            "spring.main.banner-mode", "off"));
    app.run(args.length > 1 ? new String[] {args[1]} : new String[0]);
  }
}
