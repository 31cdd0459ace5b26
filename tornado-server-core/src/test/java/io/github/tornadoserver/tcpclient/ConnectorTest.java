package io.github.tornadoserver.tcpclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.netutil.ResolvedAddress;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The address race on its own, with attempts the test completes by hand: which address is tried
 * when, who wins, and that every other attempt is closed.
 */
class ConnectorTest {
  private static final Duration LONG = Duration.ofHours(1);

  /** An attempt the test drives: its address, its outcome and whether it was closed. */
  static final class FakeAttempt {
    final CompletableFuture<String> connected = new CompletableFuture<>();
    final boolean ignoresClose;
    final long dialedAt = System.nanoTime();
    int closes;

    FakeAttempt(boolean ignoresClose) {
      this.ignoresClose = ignoresClose;
    }

    /** A real stream fails its connect future when closed; a stubborn one may still connect. */
    void close() {
      closes++;
      if (!ignoresClose) {
        connected.completeExceptionally(new IOException("closed"));
      }
    }

    boolean closed() {
      return closes > 0;
    }
  }

  private IOLoop loop;
  private final Map<String, FakeAttempt> attempts = new LinkedHashMap<>();
  private final List<String> refuseAtOnce = new ArrayList<>();
  private final List<String> stubborn = new ArrayList<>();

  @BeforeEach
  void newLoop() {
    loop = new IOLoop();
    loop.makeCurrent();
  }

  @AfterEach
  void closeLoop() {
    loop.close(true);
  }

  /** {@code "::1"} or {@code "127.0.0.1"}, with the port after a space when not 80. */
  private static ResolvedAddress address(String ipAndPort) {
    String[] parts = ipAndPort.split(" ");
    int port = parts.length > 1 ? Integer.parseInt(parts[1]) : 80;
    try {
      return ResolvedAddress.of(new InetSocketAddress(InetAddress.getByName(parts[0]), port));
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private Connector<String> connector(Duration delay, String... ips) {
    List<ResolvedAddress> addresses = new ArrayList<>();
    for (String ip : ips) {
      addresses.add(address(ip));
    }
    return new Connector<>(loop, "svc.test:80", addresses, delay, this::dial);
  }

  private Connector.Attempt<String> dial(ResolvedAddress address) throws IOException {
    String name = Connector.describe(address);
    if (refuseAtOnce.contains(name)) {
      throw new ConnectException("Connection refused");
    }
    FakeAttempt attempt = new FakeAttempt(stubborn.contains(name));
    attempts.put(name, attempt);
    return new Connector.Attempt<>(attempt.connected, attempt::close);
  }

  private FakeAttempt attempt(String name) {
    assertThat(attempts).containsKey(name);
    return attempts.get(name);
  }

  /** Runs the loop until {@code future} completes (5 s bound). */
  private <T> T await(CompletableFuture<T> future) {
    try {
      return loop.runSync(() -> future, Duration.ofSeconds(5));
    } catch (TimeoutException e) {
      throw new AssertionError("timed out", e);
    }
  }

  private Throwable failureOf(CompletableFuture<?> future) {
    try {
      await(future);
    } catch (CompletionException e) {
      return e.getCause();
    }
    throw new AssertionError("did not fail");
  }

  @Test
  void theFirstFamilyIsTriedAloneInTheResolversOrder() {
    connector(LONG, "::1", "127.0.0.1", "::1 81").start();
    assertThat(attempts.keySet()).containsExactly("[::1]:80");
    attempt("[::1]:80").connected.completeExceptionally(new ConnectException("refused"));
    // The primary failed: the next primary address and, at once, the secondary family.
    assertThat(attempts.keySet()).containsExactlyInAnyOrder("[::1]:80", "[::1]:81", "127.0.0.1:80");
  }

  @Test
  void theSecondFamilyStartsAfterTheDelayAndItsWinClosesThePrimary() {
    long start = System.nanoTime();
    CompletableFuture<String> result = connector(Duration.ofMillis(50), "::1", "127.0.0.1").start();
    assertThat(attempts.keySet()).containsExactly("[::1]:80");
    await(dialed("127.0.0.1:80"));
    assertThat(Duration.ofNanos(attempt("127.0.0.1:80").dialedAt - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(50));
    attempt("127.0.0.1:80").connected.complete("v4");
    assertThat(await(result)).isEqualTo("v4");
    assertThat(attempt("[::1]:80").closed()).isTrue();
    assertThat(attempt("127.0.0.1:80").closed()).isFalse();
  }

  @Test
  void aFailedPrimaryStartsTheSecondFamilyWithoutWaiting() {
    CompletableFuture<String> result = connector(LONG, "::1", "127.0.0.1").start();
    attempt("[::1]:80").connected.completeExceptionally(new ConnectException("refused"));
    attempt("127.0.0.1:80").connected.complete("v4");
    assertThat(result).isCompletedWithValue("v4");
  }

  @Test
  void aRefusedAddressFallsThroughToTheNextOfItsFamily() {
    CompletableFuture<String> result = connector(LONG, "127.0.0.1", "127.0.0.1 81").start();
    assertThat(attempts.keySet()).containsExactly("127.0.0.1:80");
    attempt("127.0.0.1:80").connected.completeExceptionally(new ConnectException("refused"));
    attempt("127.0.0.1:81").connected.complete("second");
    assertThat(result).isCompletedWithValue("second");
  }

  @Test
  void whenEveryAttemptFailsTheFailureNamesEachAddress() {
    refuseAtOnce.add("[::1]:80");
    CompletableFuture<String> result = connector(LONG, "::1", "127.0.0.1").start();
    attempt("127.0.0.1:80").connected.completeExceptionally(new ConnectException("timed out"));
    Throwable failure = failureOf(result);
    assertThat(failure)
        .isInstanceOf(ConnectException.class)
        .hasMessage(
            "cannot connect to svc.test:80: [::1]:80 Connection refused; 127.0.0.1:80 timed out")
        .hasCauseInstanceOf(ConnectException.class);
    assertThat(failure.getCause()).hasMessage("timed out");
    assertThat(failure.getSuppressed()).hasSize(1);
  }

  @Test
  void anAttemptThatConnectsAfterTheWinnerIsClosed() {
    stubborn.add("[::1]:80");
    CompletableFuture<String> result = connector(Duration.ofMillis(1), "::1", "127.0.0.1").start();
    await(dialed("127.0.0.1:80"));
    attempt("127.0.0.1:80").connected.complete("v4");
    assertThat(attempt("[::1]:80").closes).isEqualTo(1);
    attempt("[::1]:80").connected.complete("late v6");
    assertThat(attempt("[::1]:80").closes).isEqualTo(2);
    assertThat(result).isCompletedWithValue("v4");
  }

  @Test
  void abortClosesEveryAttemptInFlightAndTriesNoMore() {
    Connector<String> connector = connector(Duration.ofMillis(1), "::1", "127.0.0.1", "::1 81");
    CompletableFuture<String> result = connector.start();
    connector.abort();
    assertThat(attempt("[::1]:80").closed()).isTrue();
    assertThat(result).isNotDone();
    CompletableFuture<Void> later = new CompletableFuture<>();
    loop.callLater(Duration.ofMillis(20), () -> later.complete(null));
    await(later);
    assertThat(attempts.keySet()).containsExactly("[::1]:80");
  }

  /** A future completed once {@code name} has been dialed, checked on each loop iteration. */
  private CompletableFuture<Void> dialed(String name) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    pollUntil(() -> attempts.containsKey(name), done);
    return done;
  }

  private void pollUntil(BooleanSupplier condition, CompletableFuture<Void> done) {
    loop.addCallback(
        () -> {
          if (condition.getAsBoolean()) {
            done.complete(null);
          } else {
            loop.callLater(Duration.ofMillis(1), () -> pollUntil(condition, done));
          }
        });
  }
}
