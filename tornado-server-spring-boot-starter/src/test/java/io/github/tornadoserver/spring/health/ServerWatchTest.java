package io.github.tornadoserver.spring.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerWatchTest {

  @Test
  void addressesAreWrittenAsPeopleWriteThem() throws UnknownHostException {
    assertThat(ServerWatch.describe(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 80)))
        .isEqualTo("127.0.0.1:80");
    assertThat(ServerWatch.describe(new InetSocketAddress(InetAddress.getByName("::1"), 8080)))
        .isEqualTo("[::1]:8080");
    assertThat(ServerWatch.describe(UnixDomainSocketAddress.of("/run/app.sock")))
        .isEqualTo("/run/app.sock");
  }

  @Test
  void aServerIsNotStartedThenListeningThenStopped() throws UnknownHostException {
    List<SocketAddress> bound = new ArrayList<>();
    ServerWatch watch = new ServerWatch("tcp", () -> List.copyOf(bound));
    List<String> none = watch.listening();
    assertThat(watch.stopped(none)).isFalse();
    assertThat(watch.details(none)).containsEntry("state", "not started");

    bound.add(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9000));
    List<String> listening = watch.listening();
    assertThat(watch.details(listening))
        .containsEntry("state", "listening")
        .containsEntry("addresses", List.of("127.0.0.1:9000"));

    bound.clear();
    List<String> after = watch.listening();
    assertThat(watch.stopped(after)).isTrue();
    assertThat(watch.details(after)).containsEntry("state", "stopped");
    assertThat(watch.name()).isEqualTo("tcp");
  }
}
