package io.github.tornadoserver.tcpserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.tcpserver.ProxyHeaderParser.Result;
import io.github.tornadoserver.tcpserver.ProxyHeaderParser.Status;
import io.github.tornadoserver.tcpserver.ProxyHeaderReader.Outcome;
import io.github.tornadoserver.testing.Loops;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The PROXY protocol header parser and reader on arbitrary bytes. The input's first byte chooses
 * whether a header is optional and the longest header accepted; the rest is what the client sends.
 * The parser must give the same answer for every prefix of the input that holds enough of it (a
 * prefix may only need more), never look past the header it found, and throw nothing but {@link
 * ProxyHeaderException}. The reader, over a real socket to which the input is written before EOF,
 * must end with what the parser says of the whole input, keeping the bytes after the header; 10 s
 * at most, its 2 s deadline plus a margin for a cold JVM on a busy machine.
 */
class ProxyHeaderFuzzTest {
  private static final int[] MAX_LENGTHS = {ProxyHeaderParser.V1_MAX_LENGTH, 232, 536};

  /** The parser's prefixes checked one by one; beyond it, every 61st. */
  private static final int EVERY_PREFIX_UP_TO = 256;

  private static IOLoop loop;
  private static ServerSocketChannel listener;

  @BeforeAll
  static void listen() throws IOException {
    loop = IOLoop.startInNewThread("fuzz-proxy-loop", true);
    listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
  }

  @AfterAll
  static void close() throws IOException {
    listener.close();
    Loops.stop(loop);
  }

  @FuzzTest
  void parserGivesOneAnswerWhateverPartOfTheInputArrived(byte[] input) {
    if (input.length == 0) {
      return;
    }
    ProxyHeaderParser parser = parser(input[0]);
    byte[] sent = Arrays.copyOfRange(input, 1, input.length);
    String whole = describe(parser, sent, sent.length);
    for (int n = 0; n < sent.length; n = n < EVERY_PREFIX_UP_TO ? n + 1 : n + 61) {
      String prefix = describe(parser, sent, n);
      if (!prefix.equals("NEED_MORE")) {
        assertThat(prefix).as("the answer after " + n + " of " + sent.length).isEqualTo(whole);
      }
    }
  }

  @FuzzTest
  void readerEndsWithTheParsersAnswerAndKeepsWhatFollows(byte[] input) throws Exception {
    if (input.length == 0) {
      return;
    }
    ProxyHeaderParser parser = parser(input[0]);
    byte[] sent = Arrays.copyOfRange(input, 1, input.length);
    String expected = describe(parser, sent, sent.length);
    try (Socket client = new Socket("127.0.0.1", listener.socket().getLocalPort());
        SocketChannel accepted = listener.accept()) {
      accepted.configureBlocking(false);
      CompletableFuture<Outcome> outcome =
          Loops.call(
              loop, () -> ProxyHeaderReader.read(loop, accepted, parser, Duration.ofSeconds(2)));
      send(client, sent);
      assertThat(readerAnswer(outcome, sent, foundLength(expected)))
          .isEqualTo(expected.equals("NEED_MORE") ? "EOF" : expected);
    }
  }

  private static ProxyHeaderParser parser(byte flags) {
    return new ProxyHeaderParser(MAX_LENGTHS[(flags & 0x7f) % MAX_LENGTHS.length], flags < 0);
  }

  /** The parser's answer for the first {@code n} bytes of {@code sent}. */
  private static String describe(ProxyHeaderParser parser, byte[] sent, int n) {
    ByteBuffer received = ByteBuffer.wrap(sent, 0, n);
    try {
      Result result = parser.parse(received);
      assertThat(received.position()).isZero();
      assertThat(received.limit()).isEqualTo(n);
      if (result.status() == Status.FOUND) {
        assertThat(result.length()).isBetween(1, Math.min(n, parser.maxLength()));
        assertThat(result.header()).isNotNull();
      }
      return result.status() == Status.FOUND
          ? "FOUND " + result.length() + " " + result.header()
          : result.status().name();
    } catch (ProxyHeaderException rejected) {
      return "rejected";
    }
  }

  private static void send(Socket client, byte[] sent) throws IOException {
    try {
      OutputStream out = client.getOutputStream();
      out.write(sent);
      client.shutdownOutput();
    } catch (SocketException closed) {
      // The reader's side is never closed by the reader itself; nothing to do.
    }
  }

  /** The reader's answer in the parser's words, once the bytes it kept were checked. */
  private static String readerAnswer(CompletableFuture<Outcome> outcome, byte[] sent, int length)
      throws InterruptedException {
    try {
      Outcome read = outcome.get(10, TimeUnit.SECONDS);
      byte[] rest = bytes(read.rest());
      assertThat(Arrays.copyOfRange(sent, length, sent.length))
          .as("what follows the header")
          .startsWith(rest);
      return read.header() == null ? "ABSENT" : "FOUND " + length + " " + read.header();
    } catch (TimeoutException e) {
      throw new AssertionError("the reader did not end within 10 s", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ProxyHeaderException) {
        return "rejected";
      }
      if (e.getCause() instanceof ClosedChannelException) {
        return "EOF";
      }
      throw new AssertionError("unexpected failure", e.getCause());
    }
  }

  /** The header length in a {@code FOUND} answer, else 0. */
  private static int foundLength(String answer) {
    return answer.startsWith("FOUND ") ? Integer.parseInt(answer.split(" ")[1]) : 0;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
