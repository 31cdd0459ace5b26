package io.github.tornadoserver.netutil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.testing.LogCapture;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The shared lookup, with a name service that answers what each test needs. */
class ResolverCoreTest {
  private final List<LookupResult> results = new ArrayList<>();
  private final AtomicInteger queries = new AtomicInteger();

  private CompletableFuture<List<ResolvedAddress>> resolve(
      ResolverCore.NameService names, String host) {
    ResolverCore.NameService counting =
        name -> {
          queries.incrementAndGet();
          return names.lookup(name);
        };
    ResolverCore core =
        new ResolverCore("test", (type, result, nanos) -> results.add(result), counting);
    return core.resolve(host, 80, null, ResolverCore::inline);
  }

  private static Throwable failure(CompletableFuture<?> future) {
    assertThatThrownBy(future::join).isInstanceOf(CompletionException.class);
    return future.handle((v, e) -> e instanceof CompletionException ? e.getCause() : e).join();
  }

  private static InetAddress ip(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal);
  }

  @Test
  void aNameTheServiceDoesNotKnowIsNotFoundNamingTheHostOnce() {
    Throwable failure =
        failure(
            resolve(
                host -> {
                  throw new UnknownHostException(host + ": Name or service not known");
                },
                "gone.test"));
    assertThat(failure)
        .isInstanceOf(UnresolvedHostException.class)
        .hasMessage("cannot resolve gone.test: Name or service not known")
        .hasCauseInstanceOf(UnknownHostException.class);
    assertThat(results).containsExactly(LookupResult.NOT_FOUND);
  }

  @Test
  void anUnexpectedFailureOfTheServiceIsAnError() {
    Throwable failure =
        failure(
            resolve(
                host -> {
                  throw new SecurityException("lookups forbidden");
                },
                "x.test"));
    assertThat(failure)
        .isInstanceOf(UnresolvedHostException.class)
        .hasMessageContaining("lookups forbidden")
        .hasCauseInstanceOf(SecurityException.class);
    assertThat(results).containsExactly(LookupResult.ERROR);
  }

  @Test
  void duplicateAddressesAreDroppedKeepingTheOrder() throws Exception {
    InetAddress v6 = ip("::1");
    InetAddress v4 = ip("127.0.0.1");
    List<ResolvedAddress> addresses =
        resolve(host -> new InetAddress[] {v6, v4, v6}, "both.test").join();
    assertThat(addresses).extracting(a -> a.address().getAddress()).containsExactly(v6, v4);
  }

  @Test
  void literalsAndInvalidNamesNeverReachTheNameService() {
    ResolverCore.NameService none =
        host -> {
          throw new AssertionError("looked up " + host);
        };
    assertThat(resolve(none, "127.0.0.1").join()).hasSize(1);
    assertThat(resolve(none, "[fe80::1]").join()).hasSize(1);
    for (String name : List.of("invalid", "x.invalid", "X.INVALID.", "a.b.invalid")) {
      assertThat(failure(resolve(none, name))).isInstanceOf(UnresolvedHostException.class);
    }
    assertThat(queries).hasValue(0);
  }

  @Test
  void onlyIpv6LiteralsTakeBrackets() {
    assertThat(ResolverCore.literalOf("[::1]")).isEqualTo("::1");
    assertThat(ResolverCore.literalOf("[127.0.0.1]")).isNull();
    assertThat(ResolverCore.literalOf("127.0.0.1")).isEqualTo("127.0.0.1");
    assertThat(ResolverCore.literalOf("localhost")).isNull();
    assertThat(ResolverCore.isReservedInvalid("invalid.example")).isFalse();
  }

  @Test
  void aFailingListenerIsLoggedAndTheLookupStillAnswers() {
    LogCapture.expect("tornado.application", Level.ERROR, "Error in resolver listener");
    ResolverCore core =
        new ResolverCore(
            "test",
            (type, result, nanos) -> {
              throw new IllegalStateException("listener bug");
            });
    assertThat(core.resolve("127.0.0.1", 80, null, ResolverCore::inline).join()).hasSize(1);
    assertThat(LogCapture.messages("tornado.application", Level.ERROR))
        .containsExactly("Error in resolver listener");
  }
}
