package io.github.tornadoserver.spring.actuate;

import static io.github.tornadoserver.spring.actuate.ActuatorApps.get;
import static io.github.tornadoserver.spring.actuate.ActuatorApps.httpPort;
import static io.github.tornadoserver.spring.actuate.ActuatorApps.start;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The management server on {@code management.server.port} is a server of its own: the limits of the
 * application's server, {@code tornado.http.max-connections} first, do not reach it, so health
 * probes keep answering while the application's port is full.
 */
class ManagementServerTest {
  private static final String REQUEST = "GET /anything HTTP/1.1\r\nHost: localhost\r\n\r\n";

  @Test
  void healthAnswersOnTheManagementPortWhileTheApplicationPortIsAtMaxConnections()
      throws IOException {
    try (ConfigurableApplicationContext context =
        start("tornado.http.max-connections=2", "management.server.port=0")) {
      int port = httpPort(context);
      int management =
          context.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
      List<Socket> held = new ArrayList<>();
      try {
        for (int i = 0; i < 2; i++) {
          Socket socket = open(port);
          held.add(socket);
          assertThat(exchange(socket)).as("held connection %d is served", i).startsWith("HTTP/1.1");
        }
        try (Socket third = open(port)) {
          assertThat(exchange(third)).as("the application port is full").isEmpty();
        }
        assertThat(get(management, "/actuator/health").statusCode()).isEqualTo(200);
      } finally {
        for (Socket socket : held) {
          socket.close();
        }
      }
    }
  }

  private static Socket open(int port) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(5000);
    return socket;
  }

  /** Sends a request; the status line that came back, or "" when the server closed instead. */
  private static String exchange(Socket socket) throws IOException {
    try {
      socket.getOutputStream().write(REQUEST.getBytes(ISO_8859_1));
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
        line.append((char) c);
      }
      return line.toString().trim();
    } catch (SocketException reset) {
      return "";
    }
  }
}
