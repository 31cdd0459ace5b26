package io.github.tornadoserver.tcpserver;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.tcpserver.ProxyHeaderReader.Outcome;
import io.github.tornadoserver.testing.Loops;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The header read from a real socket, in pieces, with the bytes after it kept. */
class ProxyHeaderReaderTest {
  private IOLoop loop;
  private ServerSocketChannel listener;

  @BeforeEach
  void setUp() throws Exception {
    loop = IOLoop.startInNewThread("proxy-loop", true);
    listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
  }

  @AfterEach
  void tearDown() throws Exception {
    listener.close();
    Loops.stop(loop);
  }

  @Test
  void readsAHeaderSentInPiecesAndKeepsWhatFollowsIt() throws Exception {
    try (Socket client = connect()) {
      SocketChannel accepted = listener.accept();
      CompletableFuture<Outcome> outcome = read(accepted, false, Duration.ofSeconds(5));
      OutputStream out = client.getOutputStream();
      byte[] header = "PROXY TCP4 203.0.113.7 10.0.0.1 40000 443\r".getBytes(US_ASCII);
      for (byte b : header) {
        out.write(b);
        out.flush();
      }
      // The header's last byte comes with what follows it: the reader completes at that byte and
      // keeps only what it has read by then, so bytes sent after it would race the assertion.
      out.write("\nGET / HTTP/1.1\r\n".getBytes(US_ASCII));
      out.flush();
      Outcome read = outcome.get(5, TimeUnit.SECONDS);
      assertThat(read.header().source()).isEqualTo(new InetSocketAddress("203.0.113.7", 40000));
      // The reader ends with the header's last byte: what followed may have arrived in part.
      assertThat("GET / HTTP/1.1\r\n").startsWith(US_ASCII.decode(read.rest()).toString());
      accepted.close();
    }
  }

  @Test
  void anAbsentOptionalHeaderLeavesEveryByteForTheStream() throws Exception {
    try (Socket client = connect()) {
      SocketChannel accepted = listener.accept();
      CompletableFuture<Outcome> outcome = read(accepted, true, Duration.ofSeconds(5));
      client.getOutputStream().write("GET / HTTP/1.1\r\n".getBytes(US_ASCII));
      Outcome read = outcome.get(5, TimeUnit.SECONDS);
      assertThat(read.header()).isNull();
      assertThat(US_ASCII.decode(read.rest()).toString()).startsWith("G");
      accepted.close();
    }
  }

  @Test
  void aPeerThatClosesFirstIsAClosedChannelNotAnError() throws Exception {
    SocketChannel accepted;
    try (Socket client = connect()) {
      accepted = listener.accept();
      client.getOutputStream().write("PROX".getBytes(US_ASCII));
    }
    CompletableFuture<Outcome> outcome = read(accepted, false, Duration.ofSeconds(5));
    assertThat(failure(outcome)).isInstanceOf(ClosedChannelException.class);
    accepted.close();
  }

  @Test
  void aHeaderThatDoesNotArriveInTimeFailsNamingTheDeadline() throws Exception {
    try (Socket client = connect()) {
      SocketChannel accepted = listener.accept();
      client.getOutputStream().write("PROXY TCP4 ".getBytes(US_ASCII));
      CompletableFuture<Outcome> outcome = read(accepted, false, Duration.ofMillis(50));
      assertThat(failure(outcome))
          .isInstanceOf(ProxyHeaderException.class)
          .hasMessageStartingWith("no complete PROXY protocol header within 50 ms");
      accepted.close();
    }
  }

  @Test
  void aMalformedHeaderFailsWithTheParsersReason() throws Exception {
    try (Socket client = connect()) {
      SocketChannel accepted = listener.accept();
      CompletableFuture<Outcome> outcome = read(accepted, false, Duration.ofSeconds(5));
      client.getOutputStream().write("PROXY TCP9 x\r\n".getBytes(US_ASCII));
      assertThat(failure(outcome)).hasMessageContaining("unknown protocol \"TCP9\"");
      accepted.close();
    }
  }

  private Socket connect() throws Exception {
    return new Socket("127.0.0.1", ((InetSocketAddress) listener.getLocalAddress()).getPort());
  }

  private CompletableFuture<Outcome> read(
      SocketChannel accepted, boolean optional, Duration timeout) {
    return Loops.call(
        loop,
        () ->
            ProxyHeaderReader.read(loop, accepted, new ProxyHeaderParser(256, optional), timeout));
  }

  private static Throwable failure(CompletableFuture<Outcome> outcome) throws Exception {
    try {
      outcome.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("no failure");
  }
}
