package io.github.tornadoserver.netutil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tornadoserver.ioloop.IOLoop;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every resolver promises (see {@link Resolver}), run against each implementation by its
 * subclass, on a fresh loop that runs on the test thread. Names are {@code localhost} (the hosts
 * file), IP literals and names under {@code .invalid}: nothing here asks a DNS server.
 */
abstract class ResolverContractTest {
  /** One report to a listener, with the thread it came on. */
  record Report(String type, LookupResult result, long elapsedNanos, Thread thread) {}

  IOLoop loop;
  Resolver resolver;
  final List<Report> reports = new CopyOnWriteArrayList<>();
  final ResolverListener listener =
      (type, result, elapsed) ->
          reports.add(new Report(type, result, elapsed, Thread.currentThread()));

  /** A new resolver of the class under test, reporting to {@code listener}. */
  abstract Resolver newResolver(ResolverListener listener);

  /** The type the listener hears; the resolver's own unless it reports through another. */
  String reportedType() {
    return resolver.type();
  }

  /** Whether the blocking lookup runs on the thread that called {@code resolve}. */
  abstract boolean looksUpOnTheCallingThread();

  @BeforeEach
  void newLoopAndResolver() {
    loop = new IOLoop();
    loop.makeCurrent();
    resolver = newResolver(listener);
  }

  @AfterEach
  void closeAll() {
    resolver.close();
    loop.close(true);
  }

  <T> T run(Supplier<? extends CompletionStage<? extends T>> body) {
    try {
      return loop.runSync(body, Duration.ofSeconds(5));
    } catch (TimeoutException e) {
      throw new AssertionError("timed out", e);
    }
  }

  /** The failure of a resolve run on the loop, unwrapped. */
  Throwable failureOf(Supplier<CompletableFuture<List<ResolvedAddress>>> body) {
    try {
      run(body);
    } catch (CompletionException e) {
      return e.getCause();
    }
    throw new AssertionError("the lookup did not fail");
  }

  @Test
  void localhostResolvesToLoopbackAddressesWithThePortAsked() {
    List<ResolvedAddress> addresses = run(() -> resolver.resolve("localhost", 8080));
    assertThat(addresses).isNotEmpty();
    for (ResolvedAddress address : addresses) {
      assertThat(address.address().getAddress().isLoopbackAddress()).isTrue();
      assertThat(address.address().getPort()).isEqualTo(8080);
    }
  }

  @Test
  void aFamilyKeepsOnlyItsAddresses() {
    List<ResolvedAddress> addresses =
        run(() -> resolver.resolve("localhost", 80, StandardProtocolFamily.INET));
    assertThat(addresses)
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.family()).isEqualTo(StandardProtocolFamily.INET));
  }

  @Test
  void anIpv4LiteralIsAnsweredAtOnceWithoutALookup() throws Exception {
    CompletableFuture<List<ResolvedAddress>> future =
        run(() -> CompletableFuture.completedFuture(resolver.resolve("127.0.0.1", 80)));
    assertThat(future).isDone();
    assertThat(future.get())
        .containsExactly(
            new ResolvedAddress(
                StandardProtocolFamily.INET,
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 80)));
  }

  @Test
  void anIpv6LiteralIsAnsweredAtOnceWithOrWithoutBrackets() throws Exception {
    InetSocketAddress loopback6 = new InetSocketAddress(InetAddress.getByName("::1"), 443);
    for (String literal : List.of("::1", "[::1]", "0:0:0:0:0:0:0:1")) {
      CompletableFuture<List<ResolvedAddress>> future =
          run(() -> CompletableFuture.completedFuture(resolver.resolve(literal, 443)));
      assertThat(future).isDone();
      assertThat(future.get())
          .containsExactly(new ResolvedAddress(StandardProtocolFamily.INET6, loopback6));
    }
  }

  @Test
  void aLiteralOfTheOtherFamilyIsNotFound() {
    Throwable failure =
        failureOf(() -> resolver.resolve("127.0.0.1", 80, StandardProtocolFamily.INET6));
    assertThat(failure)
        .isInstanceOf(UnresolvedHostException.class)
        .hasMessage("cannot resolve 127.0.0.1: no INET6 address");
  }

  @Test
  void aNameUnderInvalidFailsWithAnExceptionNamingTheHost() {
    Throwable failure = failureOf(() -> resolver.resolve("no-such-host.invalid", 80));
    assertThat(failure)
        .isInstanceOf(UnresolvedHostException.class)
        .isInstanceOf(UnknownHostException.class)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no-such-host.invalid");
    assertThat(((UnresolvedHostException) failure).host()).isEqualTo("no-such-host.invalid");
  }

  @Test
  void everyLookupIsReportedOnceWithItsResult() {
    run(() -> resolver.resolve("localhost", 80));
    failureOf(() -> resolver.resolve("gone.invalid", 80));
    assertThat(reports)
        .extracting(Report::type, Report::result)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(reportedType(), LookupResult.SUCCESS),
            org.assertj.core.groups.Tuple.tuple(reportedType(), LookupResult.NOT_FOUND));
    assertThat(reports).allSatisfy(r -> assertThat(r.elapsedNanos()).isNotNegative());
  }

  @Test
  void futuresCompleteOnTheCallingLoopsThread() {
    Thread completedOn =
        run(() -> resolver.resolve("localhost", 80).thenApply(a -> currentThread()));
    assertThat(completedOn).isSameAs(loop.thread());
  }

  @Test
  void theLookupRunsOnTheLoopThreadOnlyForTheBlockingResolver() {
    run(() -> resolver.resolve("localhost", 80));
    assertThat(reports).hasSize(1);
    if (looksUpOnTheCallingThread()) {
      assertThat(reports.get(0).thread()).isSameAs(loop.thread());
    } else {
      assertThat(reports.get(0).thread()).isNotSameAs(loop.thread());
    }
  }

  @Test
  void badArgumentsAreRefusedAtOnce() {
    run(
        () -> {
          assertThatThrownBy(() -> resolver.resolve("", 80))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessage("host: \"\" (expected: a host name or an IP literal)");
          assertThatThrownBy(() -> resolver.resolve("localhost", 65536))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessage("port: 65536 (expected: 0..65535)");
          assertThatThrownBy(() -> resolver.resolve("localhost", 80, StandardProtocolFamily.UNIX))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("family: UNIX");
          return null;
        });
  }

  @Test
  void aClosedResolverRefusesLookupsAndClosesOnce() {
    resolver.close();
    resolver.close();
    run(
        () -> {
          assertThatThrownBy(() -> resolver.resolve("127.0.0.1", 80))
              .isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("closed");
          return null;
        });
  }

  static Thread currentThread() {
    return Thread.currentThread();
  }
}
