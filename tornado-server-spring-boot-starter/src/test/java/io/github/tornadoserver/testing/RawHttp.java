package io.github.tornadoserver.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately small HTTP/1.1 client over a plain socket to 127.0.0.1, for tests that must see
 * the exact bytes: status, every header as sent, and bodies framed by Content-Length, chunked
 * coding or the close. Reads time out after 10 seconds.
 */
public final class RawHttp implements AutoCloseable {
  private static final int TIMEOUT_MILLIS = 10_000;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  /** A response as received. */
  public record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {
    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
      return headers.stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse(null);
    }

    /** The body as UTF-8 text. */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Connects to 127.0.0.1:{@code port}. */
  public RawHttp(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
    socket.setSoTimeout(TIMEOUT_MILLIS);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** Sends {@code GET target} on a fresh connection and reads the answer. */
  public static Response get(int port, String target) throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      return http.request("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", false);
    }
  }

  /** Sends {@code text} as is (ISO-8859-1) and reads one response. */
  public Response request(String text, boolean headRequest) throws IOException {
    send(text);
    return read(headRequest);
  }

  /** Sends {@code text} as is (ISO-8859-1). */
  public void send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Reads one response; a response to HEAD has no body. */
  public Response read(boolean headRequest) throws IOException {
    String head = readHead();
    String[] lines = head.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.add(Map.entry(lines[i].substring(0, colon), lines[i].substring(colon + 1).trim()));
    }
    Response shell = new Response(status, headers, new byte[0]);
    boolean noBody = headRequest || status / 100 == 1 || status == 204 || status == 304;
    return noBody ? shell : new Response(status, headers, readBody(shell));
  }

  /** Whether the server closed the connection (reads EOF within the timeout). */
  public boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (java.net.SocketException e) {
      return true;
    }
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after " + head.size() + " bytes of head");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private byte[] readBody(Response head) throws IOException {
    String length = head.header("Content-Length");
    if (length != null) {
      return in.readNBytes(Integer.parseInt(length));
    }
    String coding = head.header("Transfer-Encoding");
    if (coding != null && coding.toLowerCase(Locale.ROOT).contains("chunked")) {
      return readChunked();
    }
    return in.readAllBytes();
  }

  private byte[] readChunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      int size = Integer.parseInt(readLine().split(";")[0].trim(), 16);
      if (size == 0) {
        while (!readLine().isEmpty()) {
          // trailer fields
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(size));
      readLine();
    }
  }

  /** Reads a chunked-coding line: the bytes before CRLF. */
  public String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  /** Leaves abruptly: closes with a TCP reset (SO_LINGER 0) rather than an orderly FIN. */
  public void reset() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
