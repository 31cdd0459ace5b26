package io.github.tornadoserver.httpserver;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A blocking HTTP/1.1 client over a raw socket, for sending exact bytes and reading answers. */
final class RawClient implements AutoCloseable {
  final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawClient(int port) throws IOException {
    this(new Socket("127.0.0.1", port));
  }

  /** A client over a connected {@code socket} (a TLS one, say). */
  RawClient(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(5000);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  RawClient send(String text) throws IOException {
    out.write(text.getBytes(ISO_8859_1));
    out.flush();
    return this;
  }

  /** Sends {@code text} in pieces of {@code piece} bytes, each flushed on its own. */
  RawClient sendInPieces(String text, int piece) throws IOException {
    byte[] bytes = text.getBytes(ISO_8859_1);
    for (int at = 0; at < bytes.length; at += piece) {
      out.write(bytes, at, Math.min(piece, bytes.length - at));
      out.flush();
    }
    return this;
  }

  /** A response: status line, header lines in order, body (decoded when chunked). */
  record Response(String statusLine, List<String[]> headers, String body) {
    int status() {
      return Integer.parseInt(statusLine.split(" ")[1]);
    }

    String header(String name) {
      for (String[] header : headers) {
        if (header[0].equalsIgnoreCase(name)) {
          return header[1];
        }
      }
      return null;
    }

    long count(String name) {
      return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).count();
    }
  }

  /** Reads one response; {@code head} is true for the answer to a HEAD request (no body). */
  Response read(boolean head) throws IOException {
    String status = line();
    if (status == null) {
      throw new IOException("connection closed before a response");
    }
    List<String[]> headers = new ArrayList<>();
    for (String line = line(); line != null && !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      headers.add(new String[] {line.substring(0, colon), line.substring(colon + 1).trim()});
    }
    Response partial = new Response(status, headers, "");
    int code = partial.status();
    if (head || code < 200 || code == 204 || code == 304) {
      return partial;
    }
    String length = partial.header("Content-Length");
    String te = partial.header("Transfer-Encoding");
    String body;
    if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
      body = chunked();
    } else if (length != null) {
      body = new String(in.readNBytes(Integer.parseInt(length)), ISO_8859_1);
    } else {
      body = new String(in.readAllBytes(), ISO_8859_1);
    }
    return new Response(status, headers, body);
  }

  Response read() throws IOException {
    return read(false);
  }

  private String chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      int size = Integer.parseInt(line().split(";")[0].trim(), 16);
      if (size == 0) {
        while (!line().isEmpty()) {
          // trailers
        }
        return body.toString(ISO_8859_1);
      }
      body.write(in.readNBytes(size));
      line();
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        String text = line.toString(ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(c);
    }
    return line.size() == 0 ? null : line.toString(ISO_8859_1);
  }

  /** Whether the server closed the connection (EOF or reset) without sending more. */
  boolean closedByServer() throws IOException {
    try {
      return in.read() == -1;
    } catch (SocketException reset) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
