package io.github.tornadoserver.spring.metrics;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.httpserver.HTTPServer;
import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.tcpserver.TCPServer;
import io.github.tornadoserver.testing.Loops;
import io.github.tornadoserver.testing.OnLoop;
import io.github.tornadoserver.testing.TestTls;
import io.github.tornadoserver.tls.SSLOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code tornado.server.*} meters after real traffic on loopback HTTP and TCP servers. */
class TornadoServerMetricsCustomizerTest {
  private static final String GET = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";

  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final TornadoServerMetricsCustomizer customizer =
      new TornadoServerMetricsCustomizer(registry);
  private IOLoop loop;
  private HTTPServer http;
  private TCPServer tcp;

  @BeforeEach
  void startLoop() {
    loop = IOLoop.startInNewThread("metrics-loop", true);
  }

  @AfterEach
  void stopAll() {
    if (http != null) {
      http.stop();
      http.closeAllConnections();
    }
    if (tcp != null) {
      tcp.stop();
    }
    loop.addCallback(loop::stop);
  }

  private int startHttp(UnaryOperator<HTTPServer.Builder> options) {
    HTTPServer.Builder builder =
        HTTPServer.builder(r -> r.respond(200, new HTTPHeaders(), "ok".getBytes(ISO_8859_1)));
    customizer.customize(builder);
    http = options.apply(builder).build();
    Loops.run(loop, () -> http.listen(0, "127.0.0.1"));
    return port(http.localAddresses());
  }

  private static int port(List<SocketAddress> addresses) {
    return ((InetSocketAddress) addresses.get(0)).getPort();
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(5000);
    return socket;
  }

  /** Sends {@code request} and reads until the answer ends with {@code end} (or EOF). */
  private static String exchange(Socket socket, String request, String end) throws IOException {
    socket.getOutputStream().write(request.getBytes(ISO_8859_1));
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    int c;
    while (!answer.toString(ISO_8859_1).endsWith(end) && (c = in.read()) != -1) {
      answer.write(c);
    }
    return answer.toString(ISO_8859_1);
  }

  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  private double active(String server) {
    return registry.get("tornado.server.connections.active").tag("server", server).gauge().value();
  }

  @Test
  void anHttpExchangeIsCountedAcceptedActiveThenClosedWithItsBytes() throws IOException {
    int port = startHttp(b -> b);
    String answer;
    try (Socket client = connect(port)) {
      answer = exchange(client, GET, "ok");
      assertThat(count("tornado.server.connections.accepted", "server", "http")).isEqualTo(1);
      assertThat(active("http")).isEqualTo(1);
    }
    OnLoop.await(() -> active("http") == 0, "the close counted");
    assertThat(registry.get("tornado.server.connections.duration").tag("server", "http").timer())
        .satisfies(t -> assertThat(t.count()).isEqualTo(1));
    assertThat(count("tornado.server.bytes.received", "server", "http")).isEqualTo(GET.length());
    assertThat(count("tornado.server.bytes.sent", "server", "http")).isEqualTo(answer.length());
  }

  @Test
  void aMalformedRequestIsCountedWithItsReason() throws IOException {
    int port = startHttp(b -> b);
    try (Socket client = connect(port)) {
      assertThat(exchange(client, "NOT HTTP\r\n\r\n", "\r\n\r\n")).startsWith("HTTP/1.1 400");
    }
    OnLoop.await(
        () -> registry.find("tornado.server.requests.rejected").counter() != null,
        "a rejection counted");
    assertThat(count("tornado.server.requests.rejected", "server", "http", "reason", "bad_request"))
        .isEqualTo(1);
  }

  @Test
  void aConnectionOverMaxConnectionsIsCountedRejected() throws IOException {
    int port = startHttp(b -> b.maxConnections(1));
    try (Socket first = connect(port);
        Socket second = connect(port)) {
      exchange(first, GET, "ok");
      assertThat(second.getInputStream().read()).isEqualTo(-1);
    }
    assertThat(
            count(
                "tornado.server.connections.rejected",
                "server",
                "http",
                "reason",
                "max_connections"))
        .isEqualTo(1);
    assertThat(count("tornado.server.connections.accepted", "server", "http")).isEqualTo(2);
  }

  @Test
  void tlsHandshakesAreCountedByResult() throws IOException {
    int port = startHttp(b -> b.sslOptions(TestTls.server()));
    SSLOptions client = TestTls.client();
    try (SSLSocket tls =
        (SSLSocket) client.context().getSocketFactory().createSocket("127.0.0.1", port)) {
      tls.setSoTimeout(5000);
      assertThat(exchange(tls, GET, "ok")).startsWith("HTTP/1.1 200");
    }
    try (Socket plain = connect(port)) {
      plain.getOutputStream().write(GET.getBytes(ISO_8859_1));
      OnLoop.await(
          () ->
              registry
                      .find("tornado.server.tls.handshakes")
                      .tag("result", "failure")
                      .counter()
                      .count()
                  == 1,
          "a failed handshake counted");
    }
    assertThat(count("tornado.server.tls.handshakes", "server", "http", "result", "success"))
        .isEqualTo(1);
  }

  @Test
  void aTcpServerHasItsOwnMetersTaggedTcp() throws IOException {
    TCPServer.Builder builder = TCPServer.builder((stream, address) -> echoOnce(stream));
    customizer.customize(builder);
    tcp = builder.build();
    Loops.run(loop, () -> tcp.listen(0, "127.0.0.1"));
    try (Socket client = connect(port(tcp.localAddresses()))) {
      assertThat(exchange(client, "ping", "ping")).isEqualTo("ping");
    }
    OnLoop.await(() -> active("tcp") == 0, "the close counted");
    assertThat(count("tornado.server.connections.accepted", "server", "tcp")).isEqualTo(1);
    assertThat(count("tornado.server.bytes.received", "server", "tcp")).isEqualTo(4);
    assertThat(count("tornado.server.bytes.sent", "server", "tcp")).isEqualTo(4);
    assertThat(registry.find("tornado.server.connections.accepted").tag("server", "http").counter())
        .isNull();
  }

  private static CompletableFuture<?> echoOnce(IOStream stream) {
    return stream.readBytes(4).thenCompose(stream::write).thenCompose(v -> stream.readUntilClose());
  }
}
