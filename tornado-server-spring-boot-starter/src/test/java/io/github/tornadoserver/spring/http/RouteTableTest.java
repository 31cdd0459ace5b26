package io.github.tornadoserver.spring.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTableTest {
  private static final RequestHandler HANDLER = exchange -> {};

  private static RouteTable.Entry route(String pattern, String... methods) {
    return new RouteTable.Entry(
        PathPattern.parse(pattern), Set.of(methods), HANDLER, false, "bean" + pattern);
  }

  @Test
  void theMostSpecificRouteWins() {
    RouteTable table =
        new RouteTable(List.of(route("/echo/**"), route("/echo/{x}"), route("/echo/fixed")));
    assertThat(table.match("GET", "/echo/fixed").entry().pattern()).hasToString("/echo/fixed");
    assertThat(table.match("GET", "/echo/other").entry().pattern()).hasToString("/echo/{x}");
    assertThat(table.match("GET", "/echo/a/b").entry().pattern()).hasToString("/echo/**");
  }

  @Test
  void aRouteOfAnotherMethodGivesWayToALessSpecificOne() {
    RouteTable table = new RouteTable(List.of(route("/users/{id}", "GET"), route("/users/**")));
    assertThat(table.match("DELETE", "/users/1").entry().pattern()).hasToString("/users/**");
  }

  @Test
  void noRouteForThePathIsNotFound() {
    RouteTable.Match match = new RouteTable(List.of(route("/a"))).match("GET", "/b");
    assertThat(match.found()).isFalse();
    assertThat(match.allowed()).isEmpty();
  }

  @Test
  void routesOfThePathForOtherMethodsListWhatIsAllowed() {
    RouteTable table = new RouteTable(List.of(route("/a", "GET"), route("/a/{x}", "PUT", "POST")));
    assertThat(table.match("POST", "/a").allowed()).containsExactly("GET", "HEAD");
    assertThat(table.match("GET", "/a/1").allowed()).containsExactly("POST", "PUT");
  }

  @Test
  void headIsAnsweredByAGetRoute() {
    RouteTable table = new RouteTable(List.of(route("/a", "GET")));
    assertThat(table.match("HEAD", "/a").found()).isTrue();
  }

  @Test
  void methodsAreCaseSensitive() {
    RouteTable table = new RouteTable(List.of(route("/a", "GET")));
    assertThat(table.match("get", "/a").found()).isFalse();
  }

  @Test
  void routesThatAnswerTheSameRequestsAreRefused() {
    assertThatIllegalStateException()
        .isThrownBy(() -> new RouteTable(List.of(route("/a/{x}", "GET"), route("/a/{y}"))))
        .withMessageContaining("two routes answer the same requests")
        .withMessageContaining("/a/{x}")
        .withMessageContaining("/a/{y}");
  }

  @Test
  void routesOfOnePatternWithDistinctMethodsCoexist() {
    RouteTable table = new RouteTable(List.of(route("/a", "GET"), route("/a", "POST")));
    assertThat(table.entries()).hasSize(2);
  }

  @Test
  void aLiteralRouteOfAnotherMethodGivesWayToAPatternThatTakesIt() {
    RouteTable table =
        new RouteTable(List.of(route("/users/me", "GET"), route("/users/{id}", "DELETE")));
    assertThat(table.match("GET", "/users/me").entry().pattern()).hasToString("/users/me");
    assertThat(table.match("DELETE", "/users/me").entry().pattern()).hasToString("/users/{id}");
    assertThat(table.match("POST", "/users/me").allowed()).containsExactly("DELETE", "GET", "HEAD");
  }

  @Test
  void aLiteralRouteIsTheSameMatchForEveryRequest() {
    RouteTable table = new RouteTable(List.of(route("/plaintext", "GET"), route("/{x}")));
    RouteTable.Match first = table.match("GET", new String("/plaintext"));
    assertThat(table.match("GET", new String("/plaintext"))).isSameAs(first);
    assertThat(first.variables()).isEmpty();
    assertThat(table.match("HEAD", "/plaintext").entry().pattern()).hasToString("/plaintext");
    assertThat(table.match("GET", "/other").entry().pattern()).hasToString("/{x}");
  }
}
