package io.github.tornadoserver.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Spring Boot's {@code server.port} and {@code server.address}, with no {@code tornado.http.*} set:
 * the server listens on that port, on that address only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class ServerPropertiesTest {
  private static final int PORT = freePort();

  @DynamicPropertySource
  static void serverProperties(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> PORT);
    registry.add("server.address", () -> "127.0.0.1");
  }

  @LocalServerPort int port;

  @Test
  void listensOnServerPort() {
    assertThat(port).isEqualTo(PORT);
    assertThat(connects("127.0.0.1")).isTrue();
  }

  /**
   * 127.0.0.2 reaches the same host as 127.0.0.1 (all of 127.0.0.0/8 is loopback), so only a server
   * bound to every interface would accept it.
   */
  @Test
  void listensOnServerAddressOnly() {
    assertThat(connects("127.0.0.2")).isFalse();
  }

  private boolean connects(String address) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A port that was free a moment ago. */
  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
