package io.github.tornadoserver.netutil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BindUnixSocketTest {
  @TempDir Path dir;

  private final List<Channel> opened = new ArrayList<>();

  @AfterEach
  void closeEverything() throws IOException {
    for (Channel channel : opened) {
      channel.close();
    }
  }

  private <T extends Channel> T track(T channel) {
    opened.add(channel);
    return channel;
  }

  private static boolean isSocket(Path file) throws IOException {
    int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    return (mode & 0170000) == 0140000;
  }

  /** Connects a client through {@code file} and returns the server's end of the connection. */
  private SocketChannel connectAndAccept(ServerSocketChannel server, Path file) throws IOException {
    return accept(server, track(SocketChannel.open(UnixDomainSocketAddress.of(file))));
  }

  private SocketChannel accept(ServerSocketChannel server, SocketChannel client)
      throws IOException {
    assertThat(client.isConnected()).isTrue();
    // The server channel is non-blocking: wait for the connection with a bounded select.
    try (Selector selector = Selector.open()) {
      SelectionKey key = server.register(selector, SelectionKey.OP_ACCEPT);
      selector.select(2000);
      key.cancel();
      SocketChannel accepted = server.accept();
      assertThat(accepted).as("accepted connection").isNotNull();
      return track(accepted);
    }
  }

  @Test
  void bindsAListeningNonBlockingSocketThatAClientReaches() throws IOException {
    Path file = dir.resolve("s.sock");

    ServerSocketChannel server = track(NetUtil.bindUnixSocket(file));

    assertThat(isSocket(file)).isTrue();
    assertThat(server.isBlocking()).isFalse();
    assertThat(server.getLocalAddress()).isEqualTo(UnixDomainSocketAddress.of(file));
    SocketChannel client = track(SocketChannel.open(UnixDomainSocketAddress.of(file)));
    SocketChannel accepted = accept(server, client);
    client.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
    ByteBuffer received = ByteBuffer.allocate(4);
    accepted.configureBlocking(true);
    // The client wrote first, so each blocking read returns; loop until all four bytes arrived.
    while (received.hasRemaining() && accepted.read(received) >= 0) {
      assertThat(received.position()).isPositive();
    }
    assertThat(new String(received.array(), StandardCharsets.US_ASCII)).isEqualTo("ping");
    SocketAddress peer = accepted.getRemoteAddress();
    assertThat(peer).isInstanceOf(UnixDomainSocketAddress.class);
  }

  @Test
  void appliesTheDefaultModeOwnerReadWrite() throws IOException {
    Path file = dir.resolve("default.sock");

    track(NetUtil.bindUnixSocket(file));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void appliesTheGivenMode() throws IOException {
    Path file = dir.resolve("group.sock");

    track(NetUtil.bindUnixSocket(file, PosixFilePermissions.fromString("rw-rw----"), 16));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-rw----");
  }

  @Test
  void replacesAStaleSocketFile() throws IOException {
    Path file = dir.resolve("stale.sock");
    NetUtil.bindUnixSocket(file).close();
    assertThat(isSocket(file)).as("closing leaves the socket file behind").isTrue();

    ServerSocketChannel server = track(NetUtil.bindUnixSocket(file));

    assertThat(isSocket(file)).isTrue();
    assertThat(connectAndAccept(server, file)).isNotNull();
  }

  @Test
  void refusesToReplaceARegularFileAndLeavesItIntact() throws IOException {
    Path file = dir.resolve("precious.txt");
    Files.writeString(file, "keep me");

    assertThatThrownBy(() -> track(NetUtil.bindUnixSocket(file)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file + " exists and is not a socket; refusing to replace it");

    assertThat(Files.readString(file)).isEqualTo("keep me");
  }

  @Test
  void refusesToReplaceADirectory() throws IOException {
    Path file = Files.createDirectory(dir.resolve("d"));

    assertThatThrownBy(() -> track(NetUtil.bindUnixSocket(file)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exists and is not a socket");
    assertThat(Files.isDirectory(file)).isTrue();
  }

  @Test
  void refusesToReplaceASymbolicLinkEvenToASocket() throws IOException {
    Path target = dir.resolve("target.sock");
    NetUtil.bindUnixSocket(target).close();
    Path link = Files.createSymbolicLink(dir.resolve("link.sock"), target);

    assertThatThrownBy(() -> track(NetUtil.bindUnixSocket(link)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(link + " exists and is not a socket; refusing to replace it");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(isSocket(target)).isTrue();
  }

  @Test
  void aMissingDirectoryFailsNamingTheFile() {
    Path file = dir.resolve("missing").resolve("s.sock");

    assertThatThrownBy(() -> track(NetUtil.bindUnixSocket(file)))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("cannot bind unix socket " + file + ": ")
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void aPathTooLongForSunPathFailsNamingTheFile() {
    Path file = dir.resolve("x".repeat(120));

    assertThatThrownBy(() -> track(NetUtil.bindUnixSocket(file)))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("cannot bind unix socket " + file + ": ");
    assertThat(Files.exists(file, LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void rejectsABacklogBelowOne() {
    Path file = dir.resolve("b.sock");

    assertThatThrownBy(() -> NetUtil.bindUnixSocket(file, NetUtil.DEFAULT_UNIX_SOCKET_MODE, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backlog: 0 (expected: > 0)");
    assertThat(Files.exists(file)).isFalse();
  }
}
