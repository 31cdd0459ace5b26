package io.github.tornadoserver.spring.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathPatternTest {

  @Test
  void literalPatternMatchesOnlyItsPath() {
    PathPattern pattern = PathPattern.parse("/echo");
    assertThat(pattern.match("/echo")).isEmpty();
    assertThat(pattern.match("/echo/")).isNull();
    assertThat(pattern.match("/ech")).isNull();
    assertThat(pattern.match("/echo/a")).isNull();
  }

  @Test
  void rootPatternMatchesOnlyTheRoot() {
    assertThat(PathPattern.parse("/").match("/")).isEmpty();
    assertThat(PathPattern.parse("/").match("/a")).isNull();
  }

  @Test
  void variableTakesOneWholeSegmentPercentDecoded() {
    PathPattern pattern = PathPattern.parse("/users/{id}/posts/{post}");
    assertThat(pattern.match("/users/a%20b/posts/%C3%A9"))
        .containsExactly(Map.entry("id", "a b"), Map.entry("post", "\u00e9"));
    assertThat(pattern.match("/users/1/posts")).isNull();
    assertThat(pattern.match("/users/1/2/posts/3")).isNull();
  }

  @Test
  void malformedEscapeIsKeptRaw() {
    assertThat(PathPattern.parse("/{v}").match("/100%")).containsEntry("v", "100%");
    assertThat(PathPattern.parse("/{v}").match("/%zz")).containsEntry("v", "%zz");
    assertThat(PathPattern.percentDecode("a+b")).isEqualTo("a+b");
  }

  @Test
  void starMatchesAnyOneSegment() {
    PathPattern pattern = PathPattern.parse("/files/*/raw");
    assertThat(pattern.match("/files/x/raw")).isEmpty();
    assertThat(pattern.match("/files/x/y/raw")).isNull();
  }

  @Test
  void catchAllMatchesZeroOrMoreSegments() {
    PathPattern pattern = PathPattern.parse("/echo/**");
    assertThat(pattern.match("/echo")).isEmpty();
    assertThat(pattern.match("/echo/")).isEmpty();
    assertThat(pattern.match("/echo/a/b/c")).isEmpty();
    assertThat(pattern.match("/echoes")).isNull();
    assertThat(PathPattern.parse("/**").match("/anything/at/all")).isEmpty();
  }

  @Test
  void pathsThatAreNotOriginFormNeverMatch() {
    assertThat(PathPattern.parse("/**").match("*")).isNull();
    assertThat(PathPattern.parse("/**").match("example.com:443")).isNull();
  }

  @Test
  void malformedPatternsAreRefusedWithTheirText() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PathPattern.parse("echo"))
        .withMessage("route pattern: echo (expected: a path starting with /)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PathPattern.parse("/a/**/b"))
        .withMessageContaining("** only as the last segment");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PathPattern.parse("/{a}/{a}"))
        .withMessageContaining("distinct, non-empty variable names");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PathPattern.parse("/{}"))
        .withMessageContaining("distinct, non-empty variable names");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PathPattern.parse("/file-{name}"))
        .withMessageContaining("a variable as a whole segment");
  }

  @Test
  void moreSpecificPatternsSortFirst() {
    List<PathPattern> patterns =
        new ArrayList<>(
            List.of(
                PathPattern.parse("/**"),
                PathPattern.parse("/a/{x}"),
                PathPattern.parse("/a/**"),
                PathPattern.parse("/a/b"),
                PathPattern.parse("/a/*")));
    patterns.sort(PathPattern.SPECIFIC_FIRST);
    assertThat(patterns).map(PathPattern::toString).startsWith("/a/b").endsWith("/a/**", "/**");
  }

  @Test
  void patternsOfOneShapeAreEqualWhateverTheVariableNames() {
    assertThat(PathPattern.parse("/a/{x}")).isEqualTo(PathPattern.parse("/a/{y}"));
    assertThat(PathPattern.parse("/a/{x}")).hasSameHashCodeAs(PathPattern.parse("/a/{y}"));
    assertThat(PathPattern.parse("/a/**")).isNotEqualTo(PathPattern.parse("/a"));
  }

  @Test
  void onlyPatternsOfLiteralSegmentsAreLiteral() {
    assertThat(PathPattern.parse("/plaintext").literal()).isTrue();
    assertThat(PathPattern.parse("/a/b/").literal()).isTrue();
    assertThat(PathPattern.parse("/a/{b}").literal()).isFalse();
    assertThat(PathPattern.parse("/a/*").literal()).isFalse();
    assertThat(PathPattern.parse("/a/**").literal()).isFalse();
  }
}
