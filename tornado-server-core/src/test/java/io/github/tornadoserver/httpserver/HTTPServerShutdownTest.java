package io.github.tornadoserver.httpserver;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPServerRequest;
import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.process.LoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An {@link HTTPServer} served on a {@link LoopGroup} and drained by the shutdown it builds on its
 * {@code TCPServer}'s; and the snapshot its builder takes.
 */
class HTTPServerShutdownTest {
  private static final String GET = HTTPServerTestSupport.GET;

  private LoopGroup group;
  private HTTPServer server;

  @BeforeEach
  void startGroup() {
    group = LoopGroup.start(2, "http-group-");
  }

  @AfterEach
  void stopAll() {
    if (server != null) {
      server.stop();
      server.closeAllConnections();
    }
    assertThat(group.shutdown(Duration.ofSeconds(5))).isTrue();
  }

  private int serve(HTTPServer.Builder builder) {
    server = builder.build();
    server.bind(0, "127.0.0.1");
    server.start(group);
    return ((InetSocketAddress) server.localAddresses().get(0)).getPort();
  }

  @Test
  void aShutdownClosesIdleConnectionsOnEveryLoopAndCompletesTrue() throws Exception {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    int port =
        serve(
            HTTPServer.builder(
                request -> {
                  threads.add(Thread.currentThread().getName());
                  request.respond(200, new HTTPHeaders(), new byte[0]);
                }));
    List<RawClient> idle = new ArrayList<>();
    try {
      // Connections from many source ports: with both loops accepting from one socket, the odds
      // that every one lands on the same loop are negligible, and the test only needs them open.
      for (int i = 0; i < 16; i++) {
        RawClient client = new RawClient(port);
        idle.add(client);
        assertThat(client.send(GET).read().status()).isEqualTo(200);
      }
      CompletableFuture<Boolean> drained = server.shutdown(Duration.ofSeconds(30));
      for (RawClient client : idle) {
        assertThat(client.closedByServer()).isTrue();
      }
      assertThat(drained.get(5, TimeUnit.SECONDS)).isTrue();
      assertThat(server.connectionCount()).isZero();
      assertThat(threads).isNotEmpty().allMatch(name -> name.startsWith("http-group-"));
    } finally {
      for (RawClient client : idle) {
        client.close();
      }
    }
  }

  @Test
  void aConnectionTakenOverForAnotherProtocolIsWaitedForThenClosedAtTheDeadline() throws Exception {
    CompletableFuture<IOStream> upgraded = new CompletableFuture<>();
    int port =
        serve(HTTPServer.builder(request -> upgraded.complete(request.connection().detach())));
    try (RawClient client = new RawClient(port)) {
      client.send(GET);
      IOStream stream = upgraded.get(5, TimeUnit.SECONDS);
      assertThat(server.connectionCount()).isEqualTo(1);
      CompletableFuture<Boolean> drained = server.shutdown(Duration.ofMillis(200));
      assertThat(drained.get(5, TimeUnit.SECONDS)).isFalse();
      assertThat(client.closedByServer()).isTrue();
      assertThat(stream.ioLoop()).isIn(group.loops());
    }
  }

  @Test
  void changingTheBuilderAfterBuildDoesNotChangeTheServer() throws IOException {
    HTTPServer.Builder builder = HTTPServer.builder(HTTPServerShutdownTest::describe);
    int port = serve(builder);
    builder.xheaders(true).protocol("gopher").maxConnections(1).maxHeaderSize(16);
    try (RawClient first = new RawClient(port);
        RawClient second = new RawClient(port)) {
      String proxied = "GET / HTTP/1.1\r\nHost: x\r\nX-Real-Ip: 203.0.113.7\r\n\r\n";
      assertThat(first.send(proxied).read().body()).isEqualTo("127.0.0.1 http");
      assertThat(second.send(proxied).read().body()).isEqualTo("127.0.0.1 http");
    }
  }

  private static void describe(HTTPServerRequest request) {
    String text = request.remoteIp() + " " + request.protocol();
    request.respond(200, new HTTPHeaders(), text.getBytes(UTF_8));
  }
}
