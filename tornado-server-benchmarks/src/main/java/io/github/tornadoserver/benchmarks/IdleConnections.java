package io.github.tornadoserver.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens {@code count} keep-alive connections to 127.0.0.1:{@code port}, sends one {@code GET
 * /plaintext} on each and reads its whole answer, then holds them all open and idle until a line
 * (or end of input) arrives on standard input, and closes them. Prints {@code ready <count>} once
 * every connection is idle, so a script can measure the server at that moment. Usage: {@code
 * IdleConnections <port> <count>}.
 */
public final class IdleConnections {
  private static final byte[] REQUEST =
      "GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

  private IdleConnections() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    int count = Integer.parseInt(args[1]);
    List<SocketChannel> open = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        open.add(oneRequest(port));
      }
      System.out.println("ready " + open.size());
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
    } finally {
      for (SocketChannel channel : open) {
        channel.close();
      }
    }
  }

  /** A connection that has had one request answered and is now idle. */
  private static SocketChannel oneRequest(int port) throws IOException {
    SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
    channel.write(ByteBuffer.wrap(REQUEST));
    ByteBuffer answer = ByteBuffer.allocate(512);
    while (!endsWithBody(answer)) {
      if (!answer.hasRemaining() || channel.read(answer) < 0) {
        channel.close();
        throw new IOException("no whole answer on connection " + channel + ": " + text(answer));
      }
    }
    return channel;
  }

  private static boolean endsWithBody(ByteBuffer answer) {
    int end = answer.position();
    if (end < BODY.length) {
      return false;
    }
    for (int i = 0; i < BODY.length; i++) {
      if (answer.get(end - BODY.length + i) != BODY[i]) {
        return false;
      }
    }
    return true;
  }

  private static String text(ByteBuffer answer) {
    return new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII);
  }
}
