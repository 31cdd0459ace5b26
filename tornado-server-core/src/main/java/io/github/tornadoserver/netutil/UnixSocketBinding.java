package io.github.tornadoserver.netutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * Binds listening Unix-domain sockets: {@link NetUtil#bindUnixSocket}, Tornado's {@code
 * bind_unix_socket}, replacing a stale socket file but nothing else. Stateless, safe from any
 * thread.
 */
final class UnixSocketBinding {
  /** {@code S_IFMT} and {@code S_IFSOCK} of {@code <sys/stat.h>} (POSIX), in the mode word. */
  private static final int S_IFMT = 0170000;

  private static final int S_IFSOCK = 0140000;

  private UnixSocketBinding() {}

  /** See {@link NetUtil#bindUnixSocket(Path, Set, int)}. */
  static ServerSocketChannel bindUnixSocket(Path file, Set<PosixFilePermission> mode, int backlog) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(mode, "mode");
    SocketBinding.checkBacklog(backlog);
    removeStaleSocket(file);
    ServerSocketChannel channel;
    try {
      channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    } catch (UnsupportedOperationException | IOException e) {
      throw new UncheckedIOException(
          "cannot bind unix socket " + file + ": " + e.getMessage(),
          SocketBinding.asIoException(e));
    }
    try {
      channel.configureBlocking(false);
      channel.bind(UnixDomainSocketAddress.of(file), backlog);
    } catch (IOException e) {
      SocketBinding.closeQuietly(channel, e);
      throw new UncheckedIOException("cannot bind unix socket " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      SocketBinding.closeQuietly(channel, e);
      throw e;
    }
    try {
      Files.setPosixFilePermissions(file, mode);
    } catch (IOException | UnsupportedOperationException e) {
      // A socket whose mode could not be applied might be open to everyone: do not hand it out.
      SocketBinding.closeQuietly(channel, e);
      try {
        Files.deleteIfExists(file);
      } catch (IOException deleteFailure) {
        e.addSuppressed(deleteFailure);
      }
      throw new UncheckedIOException(
          "cannot set mode "
              + PosixFilePermissions.toString(mode)
              + " on unix socket "
              + file
              + ": "
              + e.getMessage(),
          SocketBinding.asIoException(e));
    }
    return channel;
  }

  /** Deletes {@code file} if it is a socket; refuses (throws) if it is anything else. */
  private static void removeStaleSocket(Path file) {
    boolean socket;
    try {
      try {
        int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        socket = (mode & S_IFMT) == S_IFSOCK;
      } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
        // No "unix" attribute view (Windows): a socket is none of file, directory or link.
        socket =
            Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .isOther();
      }
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot inspect " + file + ": " + e.getMessage(), e);
    }
    if (!socket) {
      throw new IllegalArgumentException(
          file + " exists and is not a socket; refusing to replace it");
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot remove stale unix socket " + file + ": " + e.getMessage(), e);
    }
  }
}
