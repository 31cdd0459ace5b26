package io.github.tornadoserver.spring;

import static io.github.tornadoserver.testing.TornadoContexts.httpPort;
import static io.github.tornadoserver.testing.TornadoContexts.tcpPort;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.spring.http.Exchange;
import io.github.tornadoserver.spring.http.RequestHandler;
import io.github.tornadoserver.spring.http.Route;
import io.github.tornadoserver.tcpserver.TCPServer;
import io.github.tornadoserver.testing.RawHttp;
import io.github.tornadoserver.testing.Refusal;
import io.github.tornadoserver.testing.TornadoContexts;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class TornadoGracefulShutdownLifecycleTest {
  private final ApplicationContextRunner runner =
      TornadoContexts.runner().withUserConfiguration(Holding.class);

  @Test
  void drainsAtTheGracefulShutdownPhase() {
    runner.run(
        context ->
            assertThat(context.getBean(TornadoGracefulShutdownLifecycle.class).getPhase())
                .isEqualTo(Integer.MAX_VALUE - 1024));
  }

  @Test
  void refusesNewConnectionsThenLetsTheRequestInProgressFinishWithConnectionClose() {
    runner.run(
        context -> {
          Holding holding = context.getBean(Holding.class);
          int port = httpPort(context);
          try (RawHttp http = new RawHttp(port)) {
            http.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n");
            Exchange held = holding.held.get(5, TimeUnit.SECONDS);
            CompletableFuture<Void> closed = closeInBackground(context);
            holding.refusing.get(5, TimeUnit.SECONDS);
            assertThat(Refusal.refusedWithin(port, 5_000)).isTrue();
            assertThat(closed).isNotDone();
            held.respond(200, "text/plain", "late but whole");
            RawHttp.Response response = http.read(false);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("late but whole");
            assertThat(response.header("Connection")).isEqualTo("close");
            closed.get(5, TimeUnit.SECONDS);
            assertThat(http.closedByServer()).isTrue();
          }
        });
  }

  @Test
  void cutsWhatIsLeftAtTheShutdownPhaseTimeout() {
    runner
        .withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=200ms")
        .run(
            context -> {
              try (RawHttp http = new RawHttp(httpPort(context))) {
                http.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n");
                context.getBean(Holding.class).held.get(5, TimeUnit.SECONDS);
                closeInBackground(context).get(5, TimeUnit.SECONDS);
                assertThat(http.closedByServer()).isTrue();
              }
            });
  }

  @Test
  void cutsARequestInProgressAtOnceWhenImmediate() {
    runner
        .withPropertyValues("tornado.shutdown=immediate")
        .run(
            context -> {
              Holding holding = context.getBean(Holding.class);
              try (RawHttp http = new RawHttp(httpPort(context))) {
                http.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n");
                holding.held.get(5, TimeUnit.SECONDS);
                closeInBackground(context).get(5, TimeUnit.SECONDS);
                assertThat(http.closedByServer()).isTrue();
                assertThat(holding.refusing).isNotDone();
              }
            });
  }

  @Test
  void drainsTheTcpServerToo() {
    runner
        .withUserConfiguration(TcpHolding.class)
        .withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=5s")
        .run(
            context -> {
              Holding holding = context.getBean(Holding.class);
              try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress("127.0.0.1", tcpPort(context)), 5000);
                client.setSoTimeout(5000);
                IOStream stream = context.getBean(TcpHolding.class).held.get(5, TimeUnit.SECONDS);
                CompletableFuture<Void> closed = closeInBackground(context);
                holding.refusing.get(5, TimeUnit.SECONDS);
                assertThat(closed).isNotDone();
                stream.ioLoop().addCallback(stream::close);
                closed.get(5, TimeUnit.SECONDS);
                assertThat(client.getInputStream().read()).isEqualTo(-1);
              }
            });
  }

  @Test
  void drainsATcpConnectionWhoseHandlerTookItsCloseCallback() {
    runner
        .withUserConfiguration(TcpOwnCloseCallback.class)
        .withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=5s")
        .run(
            context -> {
              TcpOwnCloseCallback handler = context.getBean(TcpOwnCloseCallback.class);
              try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress("127.0.0.1", tcpPort(context)), 5000);
                client.setSoTimeout(5000);
                IOStream stream = handler.held.get(5, TimeUnit.SECONDS);
                CompletableFuture<Void> closed = closeInBackground(context);
                context.getBean(Holding.class).refusing.get(5, TimeUnit.SECONDS);
                assertThat(closed).isNotDone();
                stream.ioLoop().addCallback(stream::close);
                // The drain learns of the close from the server, not from this callback.
                handler.callbackRan.get(5, TimeUnit.SECONDS);
                closed.get(5, TimeUnit.SECONDS);
                assertThat(client.getInputStream().read()).isEqualTo(-1);
              }
            });
  }

  private static CompletableFuture<Void> closeInBackground(ConfigurableApplicationContext context) {
    return CompletableFuture.runAsync(context::close);
  }

  /** Holds {@code /hold} unanswered and records the readiness change. */
  @Configuration(proxyBeanMethods = false)
  static class Holding {
    final CompletableFuture<Exchange> held = new CompletableFuture<>();
    final CompletableFuture<Void> refusing = new CompletableFuture<>();
    final List<Object> events = new CopyOnWriteArrayList<>();

    @Bean
    @Route("/hold")
    RequestHandler hold() {
      return held::complete;
    }

    @Bean
    ApplicationListener<AvailabilityChangeEvent<ReadinessState>> readiness() {
      return event -> {
        if (event.getState() == ReadinessState.REFUSING_TRAFFIC) {
          refusing.complete(null);
        }
      };
    }
  }

  /** Keeps each TCP connection open, doing nothing. */
  @Configuration(proxyBeanMethods = false)
  static class TcpHolding {
    final CompletableFuture<IOStream> held = new CompletableFuture<>();

    @Bean
    TCPServer.StreamHandler holdStream() {
      return (stream, address) -> {
        held.complete(stream);
        return null;
      };
    }
  }

  /** Keeps each TCP connection open, with a close callback of its own. */
  @Configuration(proxyBeanMethods = false)
  static class TcpOwnCloseCallback {
    final CompletableFuture<IOStream> held = new CompletableFuture<>();
    final CompletableFuture<Void> callbackRan = new CompletableFuture<>();

    @Bean
    TCPServer.StreamHandler holdStreamWithCallback() {
      return (stream, address) -> {
        stream.setCloseCallback(() -> callbackRan.complete(null));
        held.complete(stream);
        return null;
      };
    }
  }
}
