package io.github.tornadoserver.netutil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.github.tornadoserver.netutil.OverrideResolver.Key;
import io.github.tornadoserver.netutil.OverrideResolver.Target;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverrideResolverTest extends ResolverContractTest {
  private static final Map<Key, Target> SVC =
      Map.of(
          Key.of("svc.test"), Target.of("127.0.0.1"),
          Key.of("svc.test", 443), Target.of("::1", 8443),
          Key.of("svc.test", 443, StandardProtocolFamily.INET), Target.of("127.0.0.1", 9443));

  /** The contract runs over the default resolver, which reports; the override adds its mapping. */
  @Override
  Resolver newResolver(ResolverListener listener) {
    return new OverrideResolver(new DefaultExecutorResolver(listener), SVC);
  }

  @Override
  String reportedType() {
    return "default";
  }

  @Override
  boolean looksUpOnTheCallingThread() {
    return false;
  }

  private String resolveOne(String host, int port, ProtocolFamily family) {
    List<ResolvedAddress> addresses = run(() -> resolver.resolve(host, port, family));
    assertThat(addresses).hasSize(1);
    InetSocketAddress address = addresses.get(0).address();
    return NetUtil.ipString(address.getAddress()) + " " + address.getPort();
  }

  @Test
  void theMostSpecificOverrideWins() {
    assertThat(resolveOne("svc.test", 443, StandardProtocolFamily.INET))
        .isEqualTo("127.0.0.1 9443");
    assertThat(resolveOne("svc.test", 443, null)).isEqualTo("::1 8443");
    assertThat(resolveOne("svc.test", 443, StandardProtocolFamily.INET6)).isEqualTo("::1 8443");
    assertThat(resolveOne("svc.test", 80, null)).isEqualTo("127.0.0.1 80");
    assertThat(resolveOne("svc.test", 80, StandardProtocolFamily.INET)).isEqualTo("127.0.0.1 80");
  }

  @Test
  void hostsMatchCaseInsensitivelyAndIpv6LiteralsWithOrWithoutBrackets() {
    assertThat(resolveOne("SVC.Test", 80, null)).isEqualTo("127.0.0.1 80");
    Resolver literal =
        new OverrideResolver(
            new BlockingResolver(), Map.of(Key.of("[::1]", 80), Target.of("127.0.0.1", 8080)));
    assertThat(run(() -> literal.resolve("::1", 80)).get(0).address().getPort()).isEqualTo(8080);
    assertThat(run(() -> literal.resolve("[::1]", 81)).get(0).address().getPort()).isEqualTo(81);
  }

  @Test
  void aHostWithoutOverrideGoesToTheWrappedResolverUnchanged() {
    assertThat(run(() -> resolver.resolve("localhost", 80))).isNotEmpty();
    assertThat(resolver.type()).isEqualTo("override");
  }

  @Test
  void itsOwnListenerHearsEveryCallUnderOverride() {
    Resolver reporting =
        new OverrideResolver(
            new BlockingResolver(),
            Map.of(Key.of("gone.test"), Target.of("gone.invalid")),
            listener);
    run(() -> reporting.resolve("svc.localhost.invalid", 80).handle((a, e) -> a));
    run(() -> reporting.resolve("127.0.0.1", 80));
    Throwable failure = failureOf(() -> reporting.resolve("gone.test", 80));
    assertThat(failure)
        .hasMessage("cannot resolve gone.invalid: reserved name (RFC 6761 section 6.4)");
    assertThat(reports)
        .extracting(Report::type, Report::result)
        .containsExactly(
            tuple("override", LookupResult.NOT_FOUND),
            tuple("override", LookupResult.SUCCESS),
            tuple("override", LookupResult.NOT_FOUND));
  }

  @Test
  void closeClosesTheWrappedResolver() {
    BlockingResolver inner = new BlockingResolver();
    new OverrideResolver(inner, Map.of()).close();
    assertThatThrownBy(() -> inner.resolve("127.0.0.1", 80))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("blocking resolver is closed");
  }

  @Test
  void theTextFormReadsEveryKindOfKeyAndValue() {
    Map<String, String> text = new LinkedHashMap<>();
    text.put("svc.test", "127.0.0.1");
    text.put("svc.test:443", "localhost:8443");
    text.put("svc.test:443:inet6", "[::1]:8443");
    text.put("[::1]:80:INET", "127.0.0.1");
    assertThat(OverrideResolver.parseMapping(text))
        .containsExactly(
            Map.entry(Key.of("svc.test"), Target.of("127.0.0.1")),
            Map.entry(Key.of("svc.test", 443), Target.of("localhost", 8443)),
            Map.entry(
                Key.of("svc.test", 443, StandardProtocolFamily.INET6), Target.of("::1", 8443)),
            Map.entry(Key.of("::1", 80, StandardProtocolFamily.INET), Target.of("127.0.0.1")));
  }

  @Test
  void aMalformedKeyIsRefusedNamingIt() {
    for (String key :
        List.of(
            "",
            "::1",
            "svc.test:",
            "svc.test:0",
            "svc.test:http",
            "svc.test:443:unix",
            "svc.test:443:inet:x",
            "[::1",
            "[127.0.0.1]:80",
            "svc .test",
            ":443")) {
      assertThatThrownBy(() -> OverrideResolver.parseMapping(Map.of(key, "127.0.0.1")))
          .as(key)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("override key \"" + key + "\" (expected: host, host:port");
    }
  }

  @Test
  void aMalformedValueIsRefusedNamingItsKey() {
    for (String value : List.of("", "::1", "localhost:", "localhost:70000", "a:1:inet", "[::1]x")) {
      assertThatThrownBy(() -> OverrideResolver.parseMapping(Map.of("svc.test:443", value)))
          .as(value)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("override \"svc.test:443\": value \"" + value + "\"");
    }
  }

  @Test
  void twoKeysThatAreTheSameOnceNormalizedAreRefused() {
    Map<String, String> text = new LinkedHashMap<>();
    text.put("svc.test", "127.0.0.1");
    text.put("SVC.test", "::1");
    assertThatThrownBy(() -> OverrideResolver.parseMapping(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("override key \"SVC.test\" is the same as \"svc.test\"");
  }

  @Test
  void aFamilyKeyNeedsAPort() {
    assertThatThrownBy(
            () -> new Key("svc.test", OverrideResolver.ANY_PORT, StandardProtocolFamily.INET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("family: INET (expected: only with a port)");
    assertThatThrownBy(() -> Target.of("localhost", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port: 0 (expected: 1..65535)");
  }
}
