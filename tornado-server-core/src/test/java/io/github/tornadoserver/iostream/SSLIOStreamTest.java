package io.github.tornadoserver.iostream;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.TestCertificates;
import io.github.tornadoserver.tls.SSLOptions;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

/** What only a TLS stream does: handshakes, their failures, client certificates, STARTTLS. */
class SSLIOStreamTest extends StreamTestSupport {

  private static StreamPair.Factory tlsFactory(SSLOptions server, SSLOptions client) {
    return (channel, serverSide, options) ->
        serverSide
            ? new SSLIOStream(channel, options, server, true, null)
            : new SSLIOStream(channel, options, client, false, null);
  }

  private StreamPair tlsPair(SSLOptions server, SSLOptions client) {
    return run(() -> StreamPair.connect(tlsFactory(server, client), StreamOptions.defaults()));
  }

  private StreamPair plainPair() {
    return run(
        () ->
            StreamPair.connect(
                (channel, serverSide, options) -> new IOStream(channel, options),
                StreamOptions.defaults()));
  }

  @Test
  void waitForHandshakeCompletesAtOnceAfterTheHandshake() {
    StreamPair p = tlsPair(TestCertificates.server(), TestCertificates.client());
    SSLIOStream server = (SSLIOStream) p.server();
    SSLIOStream done = run(server::waitForHandshake);
    assertThat(done).isSameAs(server);
    assertThat(server.waitForHandshake()).isCompletedWithValue(server);
    assertThat(server.session().getProtocol()).startsWith("TLSv1.");
  }

  @Test
  void anIdleTlsStreamHoldsNoRecordOrPlaintextBuffer() {
    StreamPair p = tlsPair(TestCertificates.server(), TestCertificates.client());
    SSLIOStream server = (SSLIOStream) p.server();
    SSLIOStream client = (SSLIOStream) p.client();
    byte[] pong =
        run(
            () -> {
              client.write("ping\n".getBytes(US_ASCII));
              return server
                  .readUntil("\n".getBytes(US_ASCII))
                  .thenCompose(ping -> server.write("pong\n".getBytes(US_ASCII)))
                  .thenCompose(written -> client.readUntil("\n".getBytes(US_ASCII)));
            });
    assertThat(ascii(pong)).isEqualTo("pong\n");
    assertThat(server.transport().heldBuffers()).isZero();
    assertThat(client.transport().heldBuffers()).isZero();
  }

  @Test
  void aBulkWriteHandsSeveralRecordsToTheWireAtOnce() {
    StreamPair p = tlsPair(TestCertificates.server(), TestCertificates.client());
    SSLIOStream server = (SSLIOStream) p.server();
    SSLIOStream client = (SSLIOStream) p.client();
    byte[] data = new byte[1 << 20];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31);
    }
    long before = server.transport().recordWrites();
    byte[] received =
        run(
            () -> {
              server.write(data);
              return client.readBytes(data.length);
            });
    assertThat(received).isEqualTo(data);
    // 1 MiB is 64 records of 16 KiB: one write each would be 64 or more.
    assertThat(server.transport().recordWrites() - before)
        .isLessThanOrEqualTo(64 / TlsTransport.RECORDS_PER_WRITE * 2L);
    assertThat(server.transport().heldBuffers()).isZero();
  }

  @Test
  void aSecondConcurrentWaitForHandshakeIsRefused() {
    SSLIOStream stream =
        run(
            () -> {
              try {
                SSLIOStream s =
                    new SSLIOStream(
                        java.nio.channels.SocketChannel.open(), TestCertificates.client(), false);
                s.waitForHandshake();
                return CompletableFuture.completedFuture(s);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    assertThatThrownBy(stream::waitForHandshake)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Already waiting");
    stream.close();
  }

  @Test
  void aHostNameMismatchFailsTheClientConnect() {
    LogCapture.expect("tornado.general", Level.INFO, "TLS handshake");
    CompletableFuture<StreamPair> connect =
        StreamPair.connect(
            tlsFactory(TestCertificates.otherHost(), TestCertificates.client()),
            StreamOptions.defaults());
    run(() -> connect.handle((v, e) -> v));
    Throwable failure = failureOf(connect);
    assertThat(failure).isInstanceOf(StreamClosedException.class);
    assertThat(failure.getCause()).isInstanceOf(SSLException.class);
  }

  @Test
  void aRequiredClientCertificateIsSeenByTheServer() {
    StreamPair p =
        tlsPair(TestCertificates.serverWithClientAuth(), TestCertificates.clientWithCertificate());
    SSLIOStream server = (SSLIOStream) p.server();
    run(server::waitForHandshake);
    assertThat(server.peerCertificates()).isNotEmpty();
    assertThat(((X509Certificate) server.peerCertificates().get(0)).getSubjectX500Principal())
        .isNotNull();
    // Read from the session once, not on each call.
    assertThat(server.peerCertificates()).isSameAs(server.peerCertificates());
    byte[] got =
        run(
            () -> {
              p.client().write("hi".getBytes(US_ASCII));
              return p.server().readBytes(2);
            });
    assertThat(ascii(got)).isEqualTo("hi");
  }

  @Test
  void aClientWithoutTheRequiredCertificateIsRefused() {
    LogCapture.expect("tornado.general", Level.INFO, "TLS handshake");
    CompletableFuture<Throwable> serverFailure = new CompletableFuture<>();
    run(
        () ->
            StreamPair.connect(
                    (channel, serverSide, options) -> {
                      if (!serverSide) {
                        return new SSLIOStream(
                            channel, options, TestCertificates.client(), false, null);
                      }
                      SSLIOStream s =
                          new SSLIOStream(
                              channel,
                              options,
                              TestCertificates.serverWithClientAuth(),
                              true,
                              null);
                      s.waitForHandshake().whenComplete((v, e) -> serverFailure.complete(e));
                      return s;
                    },
                    StreamOptions.defaults())
                .handle((v, e) -> null)
                .thenCompose(v -> serverFailure));
    assertThat(serverFailure.join()).isInstanceOf(StreamClosedException.class);
  }

  @Test
  void startTlsUpgradesAnIdlePlainConnection() {
    StreamPair plain = plainPair();
    String got =
        run(
            () -> {
              CompletableFuture<SSLIOStream> server =
                  plain.server().startTls(true, TestCertificates.server(), null);
              CompletableFuture<SSLIOStream> client =
                  plain.client().startTls(false, TestCertificates.client(), "localhost");
              return client
                  .thenCompose(c -> c.write("secret".getBytes(US_ASCII)))
                  .thenCompose(v -> server)
                  .thenCompose(s -> s.readBytes(6))
                  .thenApply(StreamContractTest::ascii);
            });
    assertThat(got).isEqualTo("secret");
    assertThat(plain.server().closed()).isTrue();
  }

  @Test
  void startTlsRefusesAStreamThatIsNotIdle() {
    StreamPair plain = plainPair();
    plain.server().readBytes(1);
    assertThatThrownBy(() -> plain.server().startTls(true, TestCertificates.server(), null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("IOStream is not idle; cannot convert to SSL");
  }

  private static StreamPair.Factory observedServer(
      SSLOptions server, SSLOptions client, StreamObserver observer) {
    return (channel, serverSide, options) -> {
      IOStream stream = tlsFactory(server, client).create(channel, serverSide, options);
      if (serverSide) {
        stream.setObserver(observer);
      }
      return stream;
    };
  }

  @Test
  void theObserverHearsOfASuccessfulHandshakeThenTheClose() {
    RecordingObserver observer = new RecordingObserver();
    StreamPair p =
        run(
            () ->
                StreamPair.connect(
                    observedServer(TestCertificates.server(), TestCertificates.client(), observer),
                    StreamOptions.defaults()));
    run(((SSLIOStream) p.server())::waitForHandshake);
    p.server().close();
    assertThat(observer.events).hasSize(2);
    assertThat(observer.events.get(0)).isEqualTo("handshake ok");
    assertThat(observer.events.get(1)).startsWith("closed").doesNotContain("received=0 ");
  }

  @Test
  void theObserverHearsOfAFailedHandshakeBeforeTheClose() {
    LogCapture.expect("tornado.general", Level.INFO, "TLS handshake");
    RecordingObserver observer = new RecordingObserver();
    CompletableFuture<StreamPair> connect =
        StreamPair.connect(
            observedServer(TestCertificates.otherHost(), TestCertificates.client(), observer),
            StreamOptions.defaults());
    run(() -> connect.handle((v, e) -> v));
    run(() -> awaitEvents(observer, 2));
    assertThat(observer.events.get(0)).isEqualTo("handshake failed");
    assertThat(observer.events.get(1)).startsWith("closed");
  }

  /** Completes once {@code observer} has {@code n} events (polled once per loop iteration). */
  private CompletableFuture<Void> awaitEvents(RecordingObserver observer, int n) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Runnable[] poll = new Runnable[1];
    poll[0] =
        () -> {
          if (observer.events.size() >= n) {
            done.complete(null);
          } else {
            loop.addCallback(poll[0]);
          }
        };
    loop.addCallback(poll[0]);
    return done;
  }

  @Test
  void startTlsHandsTheObserverAndTheCountsToTheTlsStream() {
    StreamPair plain = plainPair();
    RecordingObserver observer = new RecordingObserver();
    plain.server().setObserver(observer);
    run(() -> plain.client().write(new byte[5]).thenCompose(v -> plain.server().readBytes(5)));
    SSLIOStream tls =
        run(
            () -> {
              CompletableFuture<SSLIOStream> server =
                  plain.server().startTls(true, TestCertificates.server(), null);
              plain.client().startTls(false, TestCertificates.client(), "localhost");
              return server;
            });
    assertThat(observer.events).containsExactly("handshake ok");
    assertThat(tls.bytesReceived()).isGreaterThan(5);
    tls.close();
    assertThat(observer.events).hasSize(2);
  }

  @Test
  void delegatedTasksRunOnTheLoopsExecutorWhileTheHandshakeWaitsForThem() {
    ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "tls-tasks"));
    List<SSLIOStream> streams = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    List<String> taskThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
    loop.setDefaultExecutor(
        task -> {
          streams.forEach(s -> seen.add(s.transport().handshakeState().name()));
          pool.execute(
              () -> {
                taskThreads.add(Thread.currentThread().getName());
                task.run();
              });
        });
    try {
      StreamPair p =
          run(
              () ->
                  StreamPair.connect(
                      (channel, serverSide, options) -> {
                        SSLIOStream s =
                            (SSLIOStream)
                                tlsFactory(TestCertificates.server(), TestCertificates.client())
                                    .create(channel, serverSide, options);
                        streams.add(s);
                        return s;
                      },
                      StreamOptions.defaults()));
      byte[] got =
          run(
              () -> {
                p.client().write("after tasks".getBytes(US_ASCII));
                return p.server().readBytes(11);
              });
      assertThat(ascii(got)).isEqualTo("after tasks");
    } finally {
      pool.shutdownNow();
    }
    assertThat(taskThreads).isNotEmpty().allMatch("tls-tasks"::equals);
    assertThat(seen).contains("WAITING_FOR_TASK");
    assertThat(streams)
        .allMatch(s -> s.transport().handshakeState() == TlsTransport.Handshake.DONE);
  }

  @Test
  void closingWhileATaskRunsIgnoresTheTaskWhenItFinishes() {
    List<Runnable> held = new ArrayList<>();
    loop.setDefaultExecutor(held::add);
    List<SSLIOStream> streams = new ArrayList<>();
    CompletableFuture<StreamPair> connect =
        StreamPair.connect(
            (channel, serverSide, options) -> {
              SSLIOStream s =
                  (SSLIOStream)
                      tlsFactory(TestCertificates.server(), TestCertificates.client())
                          .create(channel, serverSide, options);
              streams.add(s);
              return s;
            },
            StreamOptions.defaults());
    run(() -> awaitHeldTask(held));
    SSLIOStream waiting =
        streams.stream()
            .filter(s -> s.transport().handshakeState() == TlsTransport.Handshake.WAITING_FOR_TASK)
            .findFirst()
            .orElseThrow();
    waiting.close();
    held.forEach(Runnable::run);
    run(() -> CompletableFuture.supplyAsync(() -> null, loop));
    assertThat(waiting.transport().handshakeState()).isEqualTo(TlsTransport.Handshake.CLOSED);
    assertThat(waiting.closed()).isTrue();
    streams.forEach(IOStream::close);
    assertThat(connect).isNotCompleted();
  }

  /** Completes once the executor was given a task (polled once per loop iteration). */
  private CompletableFuture<Void> awaitHeldTask(List<Runnable> held) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Runnable[] poll = new Runnable[1];
    poll[0] =
        () -> {
          if (!held.isEmpty()) {
            done.complete(null);
          } else {
            loop.addCallback(poll[0]);
          }
        };
    loop.addCallback(poll[0]);
    return done;
  }
}
