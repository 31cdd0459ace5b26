package io.github.tornadoserver.http1connection;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.github.tornadoserver.httputil.RequestContext;
import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.iostream.IOStream;
import io.github.tornadoserver.testing.Loops;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * A loop on its own thread and one accepted stream on it, connected over 127.0.0.1 to a blocking
 * client socket (reads bounded to 5 s): what only a real socket shows, such as the peer leaving.
 */
final class LoopbackConnection implements AutoCloseable {
  final IOLoop loop;
  final IOStream stream;
  final Socket client;
  final RequestContext context;

  private LoopbackConnection(IOLoop loop, IOStream stream, Socket client) {
    this.loop = loop;
    this.stream = stream;
    this.client = client;
    this.context =
        new RequestContext(client.getLocalSocketAddress(), "127.0.0.1", "http", List.of());
  }

  static LoopbackConnection open() throws IOException {
    IOLoop loop = IOLoop.startInNewThread("h1-loop", true);
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Socket client = new Socket();
      client.connect(listener.getLocalAddress(), 5000);
      client.setSoTimeout(5000);
      client.setTcpNoDelay(true);
      SocketChannel accepted = listener.accept();
      return new LoopbackConnection(loop, Loops.call(loop, () -> new IOStream(accepted)), client);
    }
  }

  /** Runs {@code task} on the loop thread and returns its result (5 s bound). */
  <T> T onLoop(Callable<T> task) {
    return Loops.call(loop, task);
  }

  void onLoop(Runnable task) {
    Loops.run(loop, task);
  }

  void send(String text) throws IOException {
    client.getOutputStream().write(text.getBytes(ISO_8859_1));
    client.getOutputStream().flush();
  }

  /** Reads one response: its head through the blank line, then a {@code Content-Length} body. */
  String readResponse() throws IOException {
    InputStream in = client.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after " + head.size() + " bytes of a response head");
      }
      head.write(b);
    }
    String text = head.toString(ISO_8859_1);
    byte[] body = in.readNBytes(contentLength(text));
    return text + new String(body, ISO_8859_1);
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(line.substring(15).trim());
      }
    }
    return 0;
  }

  /** Whether the server ended the connection: the next read sees EOF or a reset. */
  boolean closedByServer() throws IOException {
    try {
      return client.getInputStream().read() == -1;
    } catch (SocketException reset) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    client.close();
    Loops.run(loop, stream::close);
    Loops.stop(loop);
  }
}
