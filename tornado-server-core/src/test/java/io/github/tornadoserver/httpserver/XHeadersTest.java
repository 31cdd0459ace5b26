package io.github.tornadoserver.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.RequestContext;
import io.github.tornadoserver.tcpserver.TrustedPeers;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class XHeadersTest {

  private static final RequestContext PLAIN =
      new RequestContext(new InetSocketAddress("127.0.0.1", 4000), "127.0.0.1", "http", List.of());
  private static final RequestContext TLS = PLAIN.withProxy("127.0.0.1", "https");
  private static final Set<String> TRUSTED = Set.of("5.5.5.5");

  private static HTTPHeaders headers(String... namesAndValues) {
    HTTPHeaders h = new HTTPHeaders();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      h.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return h;
  }

  /** The cases of tornado.md section 2.9, numbered as there. */
  static Stream<Arguments> remoteIpCases() {
    return Stream.of(
        Arguments.of("X1 none", headers(), "127.0.0.1"),
        Arguments.of("X2 X-Real-IP", headers("X-Real-IP", "4.4.4.4"), "4.4.4.4"),
        Arguments.of("X3 XFF", headers("X-Forwarded-For", "127.0.0.1, 4.4.4.4"), "4.4.4.4"),
        Arguments.of(
            "X4 IPv6 X-Real-IP",
            headers("X-Real-IP", "2620:0:1cfe:face:b00c::3"),
            "2620:0:1cfe:face:b00c::3"),
        Arguments.of(
            "X4 IPv6 XFF",
            headers("X-Forwarded-For", "::1, 2620:0:1cfe:face:b00c::3"),
            "2620:0:1cfe:face:b00c::3"),
        Arguments.of("X5 script X-Real-IP", headers("X-Real-IP", "4.4.4.4<script>"), "127.0.0.1"),
        Arguments.of(
            "X5 script XFF", headers("X-Forwarded-For", "4.4.4.4, 5.5.5.5<script>"), "127.0.0.1"),
        Arguments.of("X5 host name", headers("X-Real-IP", "www.google.com"), "127.0.0.1"),
        Arguments.of(
            "X6 trusted skipped",
            headers("X-Forwarded-For", "127.0.0.1, 4.4.4.4, 5.5.5.5"),
            "4.4.4.4"),
        Arguments.of("X7 all trusted", headers("X-Forwarded-For", "5.5.5.5"), "5.5.5.5"),
        Arguments.of(
            "X7 all trusted, leftmost", headers("X-Forwarded-For", "5.5.5.5 ,5.5.5.5"), "5.5.5.5"),
        Arguments.of(
            "X8 X-Real-IP wins",
            headers("X-Real-IP", "4.4.4.4", "X-Forwarded-For", "6.6.6.6"),
            "4.4.4.4"),
        Arguments.of(
            "X9 invalid X-Real-IP masks XFF",
            headers("X-Real-IP", "garbage", "X-Forwarded-For", "6.6.6.6"),
            "127.0.0.1"),
        Arguments.of(
            "X10 two XFF lines",
            headers("X-Forwarded-For", "6.6.6.6", "X-Forwarded-For", "7.7.7.7"),
            "7.7.7.7"),
        Arguments.of("empty XFF", headers("X-Forwarded-For", ""), "127.0.0.1"),
        Arguments.of("inet_aton shorthand", headers("X-Real-IP", "127.1"), "127.0.0.1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("remoteIpCases")
  void remoteIpFollowsTheProxyHeaders(String name, HTTPHeaders headers, String expected) {
    RequestContext applied = XHeaders.apply(PLAIN, headers, TRUSTED);
    assertThat(applied.remoteIp()).isEqualTo(expected);
    assertThat(applied.protocol()).isEqualTo("http");
    assertThat(applied.address()).isEqualTo(PLAIN.address());
  }

  static Stream<Arguments> schemeCases() {
    return Stream.of(
        Arguments.of("X11 X-Scheme", PLAIN, headers("X-Scheme", "https"), "https"),
        Arguments.of(
            "X11 X-Forwarded-Proto", PLAIN, headers("X-Forwarded-Proto", "https"), "https"),
        Arguments.of(
            "X12 last of list", PLAIN, headers("X-Forwarded-Proto", "https , http"), "http"),
        Arguments.of(
            "X12 last of list 2", PLAIN, headers("X-Forwarded-Proto", "http,https"), "https"),
        Arguments.of("X12 unknown", PLAIN, headers("X-Forwarded-Proto", "unknown"), "http"),
        Arguments.of(
            "X13 X-Scheme wins",
            PLAIN,
            headers("X-Scheme", "http", "X-Forwarded-Proto", "https"),
            "http"),
        Arguments.of(
            "unusable X-Scheme does not fall back",
            PLAIN,
            headers("X-Scheme", "ftp", "X-Forwarded-Proto", "https"),
            "http"),
        Arguments.of("X14 upper case accepted (Q6)", PLAIN, headers("X-Scheme", "HTTPS"), "https"),
        Arguments.of("Kelvin sign is not k", PLAIN, headers("X-Scheme", "HTTP\u212a"), "http"),
        Arguments.of("X15 TLS none", TLS, headers(), "https"),
        Arguments.of("X15 TLS X-Scheme http", TLS, headers("X-Scheme", "http"), "http"),
        Arguments.of("X15 TLS X-Scheme unknown", TLS, headers("X-Scheme", "unknown"), "https"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemeCases")
  void schemeFollowsTheProxyHeaders(
      String name, RequestContext context, HTTPHeaders headers, String expected) {
    RequestContext applied = XHeaders.apply(context, headers, Set.of());
    assertThat(applied.protocol()).isEqualTo(expected);
    assertThat(applied.remoteIp()).isEqualTo("127.0.0.1");
  }

  @Test
  void theSocketContextIsNeverModified() {
    RequestContext applied =
        XHeaders.apply(
            PLAIN, headers("X-Real-IP", "4.4.4.4", "X-Scheme", "https"), (Set<String>) null);
    assertThat(applied.remoteIp()).isEqualTo("4.4.4.4");
    assertThat(applied.protocol()).isEqualTo("https");
    assertThat(PLAIN.remoteIp()).isEqualTo("127.0.0.1");
    assertThat(PLAIN.protocol()).isEqualTo("http");
    assertThat(XHeaders.apply(PLAIN, headers(), (Set<String>) null)).isSameAs(PLAIN);
  }

  // ---------------------------------------------------------------- choices and trust

  private static ForwardedOptions options(
      ForwardedOptions.ClientHeader client, ForwardedOptions.SchemeHeader scheme) {
    return new ForwardedOptions(null, Set.of(), client, scheme);
  }

  private static ForwardedOptions trusting(String... proxies) {
    return new ForwardedOptions(
        TrustedPeers.of(proxies),
        Set.of(),
        ForwardedOptions.ClientHeader.FORWARDED,
        ForwardedOptions.SchemeHeader.FORWARDED);
  }

  private static final HTTPHeaders ALL_CLIENT_HEADERS =
      headers(
          "X-Real-IP", "7.7.7.7",
          "X-Forwarded-For", "1.1.1.1, 2.2.2.2",
          "Forwarded", "for=3.3.3.3");

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "TORNADO, 7.7.7.7",
    "X_FORWARDED_FOR, 2.2.2.2",
    "X_REAL_IP, 7.7.7.7",
    "FORWARDED, 3.3.3.3"
  })
  void theClientHeaderChoiceSaysWhichHeaderGivesTheAddress(
      ForwardedOptions.ClientHeader choice, String expected) {
    RequestContext applied =
        XHeaders.apply(
            PLAIN, ALL_CLIENT_HEADERS, options(choice, ForwardedOptions.SchemeHeader.TORNADO));
    assertThat(applied.remoteIp()).isEqualTo(expected);
  }

  @Test
  void xForwardedForOnlyIgnoresAnXRealIpTheClientSentThroughHaproxy() {
    HTTPHeaders spoofed = headers("X-Real-IP", "7.7.7.7", "X-Forwarded-For", "203.0.113.9");
    ForwardedOptions xff =
        options(
            ForwardedOptions.ClientHeader.X_FORWARDED_FOR, ForwardedOptions.SchemeHeader.TORNADO);
    assertThat(XHeaders.apply(PLAIN, spoofed, xff).remoteIp()).isEqualTo("203.0.113.9");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"TORNADO, http", "X_SCHEME, http", "X_FORWARDED_PROTO, https", "FORWARDED, https"})
  void theSchemeHeaderChoiceSaysWhichHeaderGivesTheScheme(
      ForwardedOptions.SchemeHeader choice, String expected) {
    HTTPHeaders all =
        headers("X-Scheme", "http", "X-Forwarded-Proto", "https", "Forwarded", "proto=HTTPS");
    RequestContext applied =
        XHeaders.apply(TLS, all, options(ForwardedOptions.ClientHeader.TORNADO, choice));
    assertThat(applied.protocol()).isEqualTo(expected);
  }

  @Test
  void aChosenHeaderThatIsMissingLeavesTheSocketsScheme() {
    ForwardedOptions forwarded =
        options(ForwardedOptions.ClientHeader.TORNADO, ForwardedOptions.SchemeHeader.FORWARDED);
    assertThat(XHeaders.apply(TLS, headers("X-Scheme", "http"), forwarded).protocol())
        .isEqualTo("https");
  }

  static Stream<Arguments> forwardedCases() {
    return Stream.of(
        Arguments.of("quoted IPv6 with port", "for=\"[2001:db8::1]:4711\"", "2001:db8::1"),
        Arguments.of("IPv4 with port", "for=\"192.0.2.60:8080\"", "192.0.2.60"),
        Arguments.of("obfuscated", "for=_hidden", "127.0.0.1"),
        Arguments.of("unknown", "for=unknown", "127.0.0.1"),
        Arguments.of("unquoted IPv6 is malformed", "for=[2001:db8::1]", "127.0.0.1"),
        Arguments.of("malformed field ignored whole", "for=1.1.1.1;;x", "127.0.0.1"),
        Arguments.of("half a field is not believed", "for=1.1.1.1, for=\"2.2.2.2", "127.0.0.1"),
        Arguments.of("nearest untrusted hop", "for=4.4.4.4, for=5.5.5.5", "5.5.5.5"),
        Arguments.of(
            "trusted proxies skipped", "for=4.4.4.4, for=10.1.2.3, for=\"[fd00::1]\"", "4.4.4.4"),
        Arguments.of("all trusted: leftmost", "for=10.0.0.1, for=10.0.0.2", "10.0.0.1"),
        Arguments.of(
            "obfuscated hop stops the walk", "for=4.4.4.4, for=_proxy, for=10.0.0.9", "127.0.0.1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forwardedCases")
  void theForwardedFieldGivesTheClientOfTheNearestUntrustedHop(
      String name, String forwarded, String expected) {
    RequestContext applied =
        XHeaders.apply(PLAIN, headers("Forwarded", forwarded), trusting("10.0.0.0/8", "fd00::/8"));
    assertThat(applied.remoteIp()).isEqualTo(expected);
  }

  @Test
  void theClientsForwardedElementGivesProtoAndHost() {
    HTTPHeaders headers =
        headers(
            "Forwarded",
            "for=198.51.100.1;proto=http;host=inner, for=203.0.113.5;proto=https;host=example.com",
            "Forwarded",
            "for=10.0.0.7;proto=http;host=\"internal:8080\"");
    RequestContext applied = XHeaders.apply(PLAIN, headers, trusting("10.0.0.0/8"));
    assertThat(applied.remoteIp()).isEqualTo("203.0.113.5");
    assertThat(applied.protocol()).isEqualTo("https");
    assertThat(applied.forwardedHost()).isEqualTo("example.com");
  }

  @Test
  void anUnusableParameterIsIgnoredAloneAndTheRestOfItsElementStands() {
    HTTPHeaders headers = headers("Forwarded", "for=203.0.113.5;proto=gopher;host=\"a b\"");
    RequestContext applied = XHeaders.apply(TLS, headers, trusting("10.0.0.0/8"));
    assertThat(applied.remoteIp()).isEqualTo("203.0.113.5");
    assertThat(applied.protocol()).isEqualTo("https");
    assertThat(applied.forwardedHost()).isNull();
  }

  @Test
  void xForwardedForSkipsTrustedProxiesByNetwork() {
    ForwardedOptions options =
        new ForwardedOptions(
            TrustedPeers.of("10.0.0.0/8"),
            Set.of("5.5.5.5"),
            ForwardedOptions.ClientHeader.X_FORWARDED_FOR,
            ForwardedOptions.SchemeHeader.TORNADO);
    HTTPHeaders headers = headers("X-Forwarded-For", "6.6.6.6, 4.4.4.4, 10.9.8.7, 5.5.5.5");
    assertThat(XHeaders.apply(PLAIN, headers, options).remoteIp()).isEqualTo("4.4.4.4");
  }

  // ---------------------------------------------------------------- host, port, prefix

  @Test
  void hostPortAndPrefixComeFromTheXForwardedHeaders() {
    HTTPHeaders headers =
        headers(
            "X-Forwarded-Host", "evil.example, shop.example",
            "X-Forwarded-Port", "8443",
            "X-Forwarded-Prefix", "/store/");
    RequestContext applied = XHeaders.apply(PLAIN, headers, (Set<String>) null);
    assertThat(applied.forwardedHost()).isEqualTo("shop.example");
    assertThat(applied.forwardedPort()).isEqualTo(8443);
    assertThat(applied.forwardedPrefix()).isEqualTo("/store");
    assertThat(applied.remoteIp()).isEqualTo("127.0.0.1");
  }

  @Test
  void theForwardedHostWinsOverXForwardedHost() {
    HTTPHeaders headers =
        headers("Forwarded", "host=\"[2001:db8::5]:8443\"", "X-Forwarded-Host", "other");
    assertThat(XHeaders.apply(PLAIN, headers, (Set<String>) null).forwardedHost())
        .isEqualTo("[2001:db8::5]:8443");
  }

  @ParameterizedTest(name = "host {0}")
  @ValueSource(strings = {"", "a b", "user@host", "host:99999", "[::1"})
  void anInvalidForwardedHostIsIgnored(String host) {
    HTTPHeaders headers = headers("X-Forwarded-Host", host);
    assertThat(XHeaders.apply(PLAIN, headers, (Set<String>) null)).isSameAs(PLAIN);
  }

  @ParameterizedTest(name = "port {0}")
  @ValueSource(strings = {"0", "65536", "-1", "+80", "80a", "123456", "", " "})
  void anInvalidForwardedPortIsIgnored(String port) {
    assertThat(XHeaders.port(port)).isEqualTo(-1);
    HTTPHeaders headers = headers("X-Forwarded-Port", port);
    assertThat(XHeaders.apply(PLAIN, headers, (Set<String>) null)).isSameAs(PLAIN);
  }

  @ParameterizedTest(name = "prefix {0}")
  @CsvSource(
      value = {
        "/app|/app",
        "/app/|/app",
        "/a/b//|/a/b",
        "/|''",
        "app|''",
        "//evil.example|''",
        "/a b|''",
        "/a?b|''",
        "/a#b|''",
        "/%2e;v=1|/%2e;v=1"
      },
      delimiter = '|')
  void aForwardedPrefixIsAPathWithoutItsTrailingSlash(String prefix, String expected) {
    assertThat(XHeaders.prefix(prefix)).isEqualTo(expected);
  }
}
