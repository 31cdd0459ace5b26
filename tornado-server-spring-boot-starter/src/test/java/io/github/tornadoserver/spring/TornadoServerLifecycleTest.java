package io.github.tornadoserver.spring;

import static io.github.tornadoserver.testing.TornadoContexts.httpPort;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.httpserver.HTTPServer;
import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.tcpserver.TCPServer;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.OnLoop;
import io.github.tornadoserver.testing.RawHttp;
import io.github.tornadoserver.testing.TornadoContexts;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;

class TornadoServerLifecycleTest {
  private final ApplicationContextRunner runner = TornadoContexts.runner();

  @Test
  void startsAtTheWebServerPhase() {
    runner.run(
        context ->
            assertThat(context.getBean(TornadoServerLifecycle.class).getPhase())
                .isEqualTo(Integer.MAX_VALUE - 2048));
  }

  @Test
  void publishesTheBoundPortAndAStartedEvent() {
    runner
        .withUserConfiguration(Events.class)
        .run(
            context -> {
              int port = httpPort(context);
              assertThat(port).isPositive();
              List<TornadoServerEvent> events = context.getBean(Events.class).seen;
              assertThat(events).hasSize(1);
              assertThat(events.get(0)).isInstanceOf(TornadoServerEvent.Started.class);
              assertThat(events.get(0).server()).isEqualTo("http");
              assertThat(events.get(0).port()).isEqualTo(port);
              assertThat(events.get(0).addresses())
                  .containsExactly(new InetSocketAddress("127.0.0.1", port));
            });
  }

  @Test
  void theStartUpLineSaysWhereAndWhatTheServerSpeaks() {
    runner.run(
        context ->
            assertThat(LogCapture.messages("tornado.general", Level.INFO))
                .anyMatch(
                    line ->
                        line.startsWith("Tornado HTTP server listening on [/127.0.0.1:")
                            && line.endsWith("(http, 1 loop)")));
  }

  @Test
  void publishesAStoppedEventWhenTheContextCloses() {
    List<TornadoServerEvent> events = new CopyOnWriteArrayList<>();
    runner
        .withBean("listener", ApplicationListener.class, () -> recorder(events))
        .run(context -> assertThat(events).hasSize(1));
    assertThat(events).hasSize(2);
    assertThat(events.get(1)).isInstanceOf(TornadoServerEvent.Stopped.class);
    assertThat(events.get(1).addresses()).isEqualTo(events.get(0).addresses());
  }

  private static ApplicationListener<TornadoServerEvent> recorder(List<TornadoServerEvent> events) {
    return events::add;
  }

  @Test
  void releasesThePortWhenTheContextCloses() {
    int[] port = new int[1];
    runner.run(context -> port[0] = httpPort(context));
    runner
        .withPropertyValues("tornado.http.port=" + port[0])
        .run(context -> assertThat(httpPort(context)).isEqualTo(port[0]));
  }

  @Test
  void failsStartUpNamingThePortInUseAndItsProperty() throws Exception {
    LogCapture.expect(
        TornadoAutoConfigurationTest.CONTEXT_LOGGER, Level.WARN, "cancelling refresh attempt");
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      runner
          .withPropertyValues("tornado.http.port=" + taken.getLocalPort())
          .run(
              context -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis =
                    new PortInUseFailureAnalyzer().analyze(context.getStartupFailure());
                assertThat(analysis.getDescription())
                    .contains("port " + taken.getLocalPort())
                    .contains("tornado.http.port");
                assertThat(analysis.getAction())
                    .contains("set tornado.http.port to another port (0 picks a free one)");
              });
    }
  }

  @Test
  void registersItsFailureAnalyzersWithSpringBoot() {
    // Spring Boot's own analyzers that need constructor arguments are skipped here.
    SpringFactoriesLoader.FailureHandler skip =
        SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> {});
    assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class, skip))
        .extracting(analyzer -> analyzer.getClass().getName())
        .contains(
            PortInUseFailureAnalyzer.class.getName(),
            "io.github.tornadoserver.spring.http.VirtualThreadsUnavailableFailureAnalyzer");
  }

  @Test
  void listensOnAUnixSocketOnly(@TempDir Path dir) throws Exception {
    Path socket = dir.resolve("http.sock");
    runner
        .withPropertyValues("tornado.http.port=-1", "tornado.http.unix-socket=" + socket)
        .run(
            context -> {
              assertThat(context.getEnvironment().getProperty("local.tornado.http.port"))
                  .isEqualTo("-1");
              assertThat(askOverUnixSocket(socket)).startsWith("HTTP/1.1 404 Not Found");
            });
    assertThat(Files.exists(socket)).isFalse();
  }

  private static String askOverUnixSocket(Path socket) throws Exception {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      channel.write(
          ByteBuffer.wrap(
              "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer answer = ByteBuffer.allocate(1024);
      channel.read(answer);
      return new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII);
    }
  }

  @Test
  void refusesToStartWithNothingToListenOn() {
    LogCapture.expect(
        TornadoAutoConfigurationTest.CONTEXT_LOGGER, Level.WARN, "cancelling refresh attempt");
    runner
        .withPropertyValues("tornado.http.port=-1")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessage(
                        "tornado.http.port is -1 and no unix-socket is set: nothing to listen on"));
  }

  @Test
  void acceptsOnEveryLoopWithReusePort() {
    runner
        .withPropertyValues("tornado.http.processes=2", "tornado.http.reuse-port=true")
        .run(
            context -> {
              assertThat(context.getBean(IOLoopGroup.class).size()).isEqualTo(2);
              for (int i = 0; i < 8; i++) {
                assertThat(RawHttp.get(httpPort(context), "/").status()).isEqualTo(404);
              }
            });
  }

  @Test
  void startsEachServerOnItsFirstLoopsOfTheLoopGroupBean() {
    runner
        .withUserConfiguration(TcpEcho.class)
        .withPropertyValues("tornado.http.processes=1", "tornado.tcp.processes=2")
        .run(
            context -> {
              List<IOLoop> loops = context.getBean(IOLoopGroup.class).loops();
              assertThat(loops).hasSize(2);
              assertThat(context.getBean(HTTPServer.class).loopGroup().loops())
                  .containsExactly(loops.get(0));
              assertThat(context.getBean(TCPServer.class).loopGroup().loops())
                  .containsExactlyElementsOf(loops);
            });
  }

  @Test
  void stopsAcceptingAndClosesConnectionsThroughTheServerWhenTheContextCloses() throws Exception {
    int[] port = new int[1];
    try (Socket client = new Socket()) {
      runner.run(
          context -> {
            port[0] = httpPort(context);
            client.connect(new InetSocketAddress("127.0.0.1", port[0]), 5000);
            client.setSoTimeout(5000);
            OnLoop.await(
                () -> context.getBean(HTTPServer.class).connectionCount() == 1, "one connection");
          });
      assertThat(client.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class TcpEcho {
    @Bean
    TCPServer.StreamHandler echo() {
      return (stream, address) -> stream.readBytes(1024, true).thenCompose(stream::write);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Events {
    final List<TornadoServerEvent> seen = new CopyOnWriteArrayList<>();

    @Bean
    ApplicationListener<TornadoServerEvent> recordEvents() {
      return seen::add;
    }
  }
}
