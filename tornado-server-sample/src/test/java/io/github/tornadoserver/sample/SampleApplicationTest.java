package io.github.tornadoserver.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.spring.LocalTornadoHttpPort;
import io.github.tornadoserver.spring.LocalTornadoTcpPort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The sample as a newcomer runs it, on free ports: every handler over a real socket, answers read
 * byte for byte (each request closes its connection, so the answer ends at the close).
 */
@SpringBootTest(properties = {"tornado.http.port=0", "tornado.tcp.port=0"})
class SampleApplicationTest {
  @LocalTornadoHttpPort int httpPort;
  @LocalTornadoTcpPort int tcpPort;

  @Test
  void echoDescribesTheRequestAsJson() throws Exception {
    String response =
        send(
            "POST /echo/a%20b?x=1&y HTTP/1.1\r\nHost: sample\r\nX-Quote: \"q\" \\\r\n"
                + "X-Tab: a\tb\r\nX-Latin: caf\u00e9\r\nConnection: close\r\n"
                + "Content-Length: 5\r\n\r\nhello");
    assertThat(response)
        .startsWith("HTTP/1.1 200 OK\r\n")
        .contains("Content-Type: application/json");
    assertThat(body(response))
        .isEqualTo(
            "{\"method\":\"POST\",\"uri\":\"/echo/a%20b?x=1&y\",\"path\":\"/echo/a%20b\","
                + "\"query\":\"x=1&y\",\"version\":\"HTTP/1.1\",\"remote_ip\":\"127.0.0.1\","
                + "\"protocol\":\"http\",\"host\":\"sample\",\"headers\":[[\"Host\",\"sample\"],"
                + "[\"X-Quote\",\"\\\"q\\\" \\\\\"],[\"X-Tab\",\"a\\tb\"],"
                + "[\"X-Latin\",\"caf\\u00e9\"],[\"Connection\",\"close\"],"
                + "[\"Content-Length\",\"5\"]],\"body_len\":5,\"body_sha256\":\""
                + sha256("hello".getBytes(StandardCharsets.UTF_8))
                + "\"}\n");
  }

  @Test
  void echoTakesPathAndHostFromAnAbsoluteTarget() throws Exception {
    String body =
        body(
            send(
                "GET http://example.com:8080/echo?q=1 HTTP/1.1\r\nHost: other\r\nConnection: close\r\n\r\n"));
    assertThat(body)
        .contains("\"path\":\"/echo\"", "\"query\":\"q=1\"", "\"host\":\"example.com:8080\"");
  }

  @Test
  void formAnswersTheArgumentsAndFilesOfAMultipartBody() throws Exception {
    String multipart =
        "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
            + "--b\r\nContent-Disposition: form-data; name=\"up\"; filename=\"x.txt\"\r\n"
            + "Content-Type: text/plain\r\n\r\nhello\r\n--b--\r\n";
    String response = send(postForm("multipart/form-data; boundary=b", multipart));
    assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
    assertThat(body(response))
        .isEqualTo(
            "{\"arguments\":{\"a\":[\"1\"]},\"files\":{\"up\":[{\"filename\":\"x.txt\","
                + "\"content_type\":\"text/plain\",\"size\":5}]}}\n");
  }

  @Test
  void formAnswersBadRequestForABodyThatCannotBeParsed() throws Exception {
    String noFinalBoundary = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n";
    String response = send(postForm("multipart/form-data; boundary=b", noFinalBoundary));
    assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n");
  }

  private static String postForm(String contentType, String body) {
    return "POST /form HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: "
        + contentType
        + "\r\nContent-Length: "
        + body.length()
        + "\r\n\r\n"
        + body;
  }

  @Test
  void echoHashesTheDecodedBody() throws Exception {
    byte[] plain = "a body that travels gzipped and chunked".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
      gzip.write(plain);
    }
    byte[] compressed = gzipped.toByteArray();
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.write(
        ("PUT /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Encoding: gzip\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(compressed.length)
                + "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    request.write(compressed);
    request.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    String body = body(send(request.toByteArray()));
    assertThat(body)
        .contains("\"body_len\":" + plain.length, "\"body_sha256\":\"" + sha256(plain) + "\"");
  }

  @Test
  void streamsNWritesOfSBytesWithoutALength() throws Exception {
    String response = get("/stream?n=3&size=4");
    assertThat(response).contains("Transfer-Encoding: chunked").doesNotContain("Content-Length");
    assertThat(body(response)).isEqualTo("4\r\nxxxx\r\n4\r\nxxxx\r\n4\r\nxxxx\r\n0\r\n\r\n");
  }

  @Test
  void refusesUnboundedWorkWithAClearMessage() throws Exception {
    assertThat(get("/stream?n=1000000000"))
        .startsWith("HTTP/1.1 400 ")
        .endsWith("n: 1000000000 (expected: an integer from 0 to 10000)\n");
    assertThat(get("/stream?n=10000&size=1048576"))
        .startsWith("HTTP/1.1 400 ")
        .contains("n*size: 10485760000 (expected: at most 104857600)");
    assertThat(get("/slow?ms=1e9")).startsWith("HTTP/1.1 400 ").contains("ms: 1e9");
    assertThat(get("/blocking?ms=-1")).startsWith("HTTP/1.1 400 ").contains("ms: -1");
    assertThat(get("/headers-big?n=x")).startsWith("HTTP/1.1 400 ").contains("n: x");
    assertThat(get("/status/99")).startsWith("HTTP/1.1 400 ").contains("code: 99");
  }

  @Test
  void answersTheStatusAskedFor() throws Exception {
    assertThat(get("/status/418")).startsWith("HTTP/1.1 418 ").contains("Content-Length: 0");
    assertThat(get("/status/204")).startsWith("HTTP/1.1 204 No Content");
  }

  @Test
  void answersSlowlyWithoutBlocking() throws Exception {
    assertThat(body(get("/slow?ms=20"))).isEqualTo("ok");
    assertThat(body(get("/blocking?ms=20"))).isEqualTo("ok");
  }

  @Test
  void sendsAsManyHeadersAsAskedFor() throws Exception {
    assertThat(get("/headers-big?n=3")).contains("X-H-0: 0\r\nX-H-1: 1\r\nX-H-2: 2\r\n");
  }

  @Test
  void answersNotFoundAndMethodNotAllowed() throws Exception {
    assertThat(get("/nothing-here")).startsWith("HTTP/1.1 404 ");
    assertThat(
            send(
                "POST /status/200 HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"))
        .startsWith("HTTP/1.1 405 ")
        .contains("Allow: GET, HEAD");
  }

  @Test
  void echoesTcpBytes() throws Exception {
    try (Socket socket = connect(tcpPort)) {
      socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(new String(socket.getInputStream().readNBytes(5), StandardCharsets.US_ASCII))
          .isEqualTo("ping\n");
    }
  }

  private String get(String target) throws IOException {
    return send("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  }

  private String send(String request) throws IOException {
    return send(request.getBytes(StandardCharsets.ISO_8859_1));
  }

  private String send(byte[] request) throws IOException {
    try (Socket socket = connect(httpPort)) {
      socket.getOutputStream().write(request);
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
