package io.github.tornadoserver.spring;

import static io.github.tornadoserver.testing.TornadoContexts.httpPort;
import static io.github.tornadoserver.testing.TornadoContexts.tcpPort;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.httpserver.HTTPServer;
import io.github.tornadoserver.httputil.HTTPConnection;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPMessageDelegate;
import io.github.tornadoserver.httputil.HTTPServerConnectionDelegate;
import io.github.tornadoserver.httputil.RequestStartLine;
import io.github.tornadoserver.httputil.ResponseStartLine;
import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.tcpserver.TCPServer;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.RawHttp;
import io.github.tornadoserver.testing.TornadoContexts;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

class TornadoAutoConfigurationTest {
  static final String CONTEXT_LOGGER =
      "org.springframework.context.annotation.AnnotationConfigApplicationContext";

  private final ApplicationContextRunner runner = TornadoContexts.runner();

  @Test
  void startsOneLoopByDefault() {
    runner.run(context -> assertThat(context.getBean(IOLoopGroup.class).size()).isEqualTo(1));
  }

  @Test
  void startsAsManyLoopsAsTheServerThatAcceptsOnTheMost() {
    runner
        .withUserConfiguration(EchoStreamHandler.class)
        .withPropertyValues("tornado.http.processes=2", "tornado.tcp.processes=3")
        .run(context -> assertThat(context.getBean(IOLoopGroup.class).size()).isEqualTo(3));
  }

  @Test
  void startsTheHttpServerOnItsPort() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(HTTPServer.class);
          assertThat(context).hasSingleBean(HTTPServerConnectionDelegate.class);
          assertThat(context.getBean(TornadoServerLifecycle.class).isRunning()).isTrue();
          assertThat(RawHttp.get(httpPort(context), "/").status()).isEqualTo(404);
        });
  }

  @Test
  void noHttpServerWhenDisabled() {
    runner
        .withPropertyValues("tornado.http.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(HTTPServer.class);
              assertThat(context).doesNotHaveBean(HTTPServerConnectionDelegate.class);
              assertThat(context).doesNotHaveBean(TornadoServerLifecycle.class);
            });
  }

  @Test
  void noTcpServerWithoutAStreamHandler() {
    runner.run(context -> assertThat(context).doesNotHaveBean(TCPServer.class));
  }

  @Test
  void tcpServerServesTheStreamHandler() {
    runner
        .withUserConfiguration(EchoStreamHandler.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(TCPServer.class);
              assertThat(echo(tcpPort(context), "hello\n")).isEqualTo("hello\n");
            });
  }

  @Test
  void noTcpServerWhenDisabled() {
    runner
        .withUserConfiguration(EchoStreamHandler.class)
        .withPropertyValues("tornado.tcp.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(TCPServer.class));
  }

  @Test
  void backsOffFromTheApplicationsOwnBeans() {
    runner
        .withUserConfiguration(OwnBeans.class, EchoStreamHandler.class)
        .run(
            context -> {
              assertThat(context.getBean(IOLoopGroup.class)).isSameAs(OwnBeans.LOOPS);
              assertThat(context.getBean(TCPServer.class)).isSameAs(OwnBeans.TCP);
              assertThat(context).hasSingleBean(HTTPServerConnectionDelegate.class);
              RawHttp.Response response = RawHttp.get(httpPort(context), "/anything");
              assertThat(response.status()).isEqualTo(418);
              assertThat(echo(tcpPort(context), "own\n")).isEqualTo("OWN:own\n");
            });
  }

  @Test
  void usesTheApplicationsHttpServerAsIs() {
    runner
        .withUserConfiguration(OwnHttpServer.class)
        .run(
            context -> {
              assertThat(context.getBean(HTTPServer.class)).isSameAs(OwnHttpServer.SERVER);
              assertThat(RawHttp.get(httpPort(context), "/").status()).isEqualTo(202);
            });
  }

  @Test
  void appliesCustomizersInOrderAfterTheProperties() {
    runner
        .withUserConfiguration(Customizers.class, EchoStreamHandler.class)
        .withPropertyValues("tornado.http.no-keep-alive=false")
        .run(
            context -> {
              assertThat(context.getBean(Customizers.class).applied)
                  .containsSubsequence("http-first", "http-second")
                  .contains("tcp")
                  .hasSize(3);
              try (RawHttp http = new RawHttp(httpPort(context))) {
                RawHttp.Response response =
                    http.request("GET / HTTP/1.1\r\nHost: x\r\n\r\n", false);
                assertThat(response.header("Connection")).isEqualTo("close");
              }
            });
  }

  @Test
  void appliesTheHttpLimitsOfTheProperties() {
    runner
        .withPropertyValues("tornado.http.max-header-size=1KB", "tornado.http.max-body-size=10B")
        .run(
            context -> {
              try (RawHttp http = new RawHttp(httpPort(context))) {
                String big = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(2000) + "\r\n\r\n";
                assertThat(http.request(big, false).status()).isEqualTo(431);
              }
              try (RawHttp http = new RawHttp(httpPort(context))) {
                String post = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n01234567890";
                assertThat(http.request(post, false).status()).isEqualTo(413);
              }
            });
  }

  @Test
  void refusesADataSizeThatDoesNotFitTheCore() {
    LogCapture.expect(CONTEXT_LOGGER, Level.WARN, "cancelling refresh attempt");
    runner
        .withPropertyValues("tornado.http.chunk-size=3GB")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessage(
                        "tornado.http.chunk-size: 3221225472B (expected: at most 2147483647 bytes)"));
  }

  @Test
  void drainsOnCloseByDefaultAndNotWhenImmediate() {
    runner.run(
        context -> assertThat(context).hasSingleBean(TornadoGracefulShutdownLifecycle.class));
    runner
        .withPropertyValues("tornado.shutdown=immediate")
        .run(
            context -> assertThat(context).doesNotHaveBean(TornadoGracefulShutdownLifecycle.class));
  }

  private static String echo(int port, String line) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(line.getBytes(StandardCharsets.UTF_8));
      InputStream in = socket.getInputStream();
      StringBuilder answer = new StringBuilder();
      int b;
      while ((b = in.read()) >= 0) {
        answer.append((char) b);
        if (b == '\n') {
          break;
        }
      }
      return answer.toString();
    }
  }

  /** Echoes each line back. */
  @Configuration(proxyBeanMethods = false)
  static class EchoStreamHandler {
    @Bean
    TCPServer.StreamHandler echoHandler() {
      return (stream, address) -> echoLines(stream, "");
    }
  }

  static CompletableFuture<Void> echoLines(IOStream stream, String prefix) {
    return stream
        .readUntil("\n".getBytes(StandardCharsets.UTF_8), 1024)
        .thenCompose(
            line ->
                stream.write(
                    (prefix + new String(line, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8)))
        .thenCompose(v -> echoLines(stream, prefix))
        .exceptionally(closed -> null);
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBeans {
    static IOLoopGroup LOOPS;
    static TCPServer TCP;

    @Bean
    IOLoopGroup ownLoops() {
      LOOPS = new IOLoopGroup(1);
      return LOOPS;
    }

    @Bean
    TCPServer ownTcpServer() {
      TCP = new TCPServer((stream, address) -> echoLines(stream, "OWN:"));
      return TCP;
    }

    @Bean
    HTTPServerConnectionDelegate ownDelegate() {
      return TornadoAutoConfigurationTest::teapot;
    }
  }

  private static HTTPMessageDelegate teapot(Object server, HTTPConnection connection) {
    return new HTTPMessageDelegate() {
      @Override
      public java.util.concurrent.CompletionStage<?> headersReceived(
          RequestStartLine line, HTTPHeaders headers) {
        return null;
      }

      @Override
      public void finish() {
        HTTPHeaders headers = new HTTPHeaders();
        headers.set("Content-Length", "0");
        connection.writeHeaders(ResponseStartLine.of(418), headers, null);
        connection.finish();
      }
    };
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnHttpServer {
    static HTTPServer SERVER;

    @Bean
    HTTPServer ownHttpServer() {
      SERVER = HTTPServer.builder(request -> request.respond(202, null, null)).build();
      return SERVER;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Customizers {
    final List<String> applied = new CopyOnWriteArrayList<>();

    @Bean
    @Order(2)
    HTTPServerCustomizer second() {
      return builder -> applied.add("http-second");
    }

    @Bean
    @Order(1)
    HTTPServerCustomizer first() {
      return builder -> {
        applied.add("http-first");
        builder.noKeepAlive(true);
      };
    }

    @Bean
    TCPServerCustomizer tcp() {
      return builder -> applied.add("tcp");
    }
  }
}
