package io.github.tornadoserver.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.RequestContext;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
}
