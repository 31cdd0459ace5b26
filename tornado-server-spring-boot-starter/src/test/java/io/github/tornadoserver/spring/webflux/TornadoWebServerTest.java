package io.github.tornadoserver.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tornadoserver.testing.RawHttp;
import io.github.tornadoserver.testing.Refusal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class TornadoWebServerTest {
  private final WebFluxServers servers = new WebFluxServers();

  @AfterEach
  void stop() {
    servers.close();
  }

  @Test
  void aGracefulShutdownLetsRequestsInProgressFinishAndRefusesNewConnections() throws Exception {
    int inFlight = 4;
    CountDownLatch started = new CountDownLatch(inFlight);
    Sinks.Empty<Void> release = Sinks.empty();
    int port =
        servers.start(
            (request, response) -> {
              started.countDown();
              return release
                  .asMono()
                  .then(
                      response.writeWith(
                          Mono.fromSupplier(
                              () ->
                                  DefaultDataBufferFactory.sharedInstance.wrap(
                                      "done".getBytes()))));
            });
    List<RawHttp> clients = new ArrayList<>();
    try {
      for (int i = 0; i < inFlight; i++) {
        RawHttp client = new RawHttp(port);
        client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
        clients.add(client);
      }
      assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<GracefulShutdownResult> result = new CompletableFuture<>();
      servers.server.shutDownGracefully(result::complete);
      assertThat(Refusal.refusedWithin(port, 5_000)).isTrue();
      assertThat(result).isNotDone();
      release.tryEmitEmpty();
      for (RawHttp client : clients) {
        RawHttp.Response response = client.read(false);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("done");
        assertThat(response.header("Connection")).isEqualTo("close");
      }
      assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo(GracefulShutdownResult.IDLE);
    } finally {
      for (RawHttp client : clients) {
        client.close();
      }
    }
  }

  @Test
  void anImmediateShutdownSaysSo() {
    servers.factory.setShutdown(Shutdown.IMMEDIATE);
    servers.start((request, response) -> response.setComplete());
    CompletableFuture<GracefulShutdownResult> result = new CompletableFuture<>();
    servers.server.shutDownGracefully(result::complete);
    assertThat(result).isCompletedWithValue(GracefulShutdownResult.IMMEDIATE);
  }

  @Test
  void stopClosesTheListenerAndEveryConnection() throws IOException {
    int port = servers.start((request, response) -> Mono.never());
    try (RawHttp client = new RawHttp(port)) {
      client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      servers.server.stop();
      assertThat(servers.server.getPort()).isEqualTo(-1);
      assertThat(client.closedByServer()).isTrue();
      assertThat(Refusal.refusedWithin(port, 5_000)).isTrue();
    }
  }

  @Test
  void aTakenPortIsReportedAsPortInUse() throws IOException {
    int port = servers.start((request, response) -> response.setComplete());
    try (WebFluxServers second = new WebFluxServers()) {
      second.factory.setPort(port);
      assertThatThrownBy(() -> second.start((request, response) -> response.setComplete()))
          .isInstanceOf(PortInUseException.class)
          .hasMessageContaining(String.valueOf(port));
      second.server = null;
    }
  }

  @Test
  void aHeadOverTheHeaderLimitIsRefused() throws IOException {
    servers.factory.setMaxHeaderSize(org.springframework.util.unit.DataSize.ofBytes(1024));
    int port = servers.start((request, response) -> response.setComplete());
    try (RawHttp client = new RawHttp(port)) {
      String big = "x".repeat(2048);
      assertThat(
              client
                  .request("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\n\r\n", false)
                  .status())
          .isEqualTo(431);
    }
  }
}
