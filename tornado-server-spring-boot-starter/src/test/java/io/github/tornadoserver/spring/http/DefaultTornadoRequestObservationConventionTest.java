package io.github.tornadoserver.spring.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DefaultTornadoRequestObservationConventionTest {
  private final DefaultTornadoRequestObservationConvention convention =
      new DefaultTornadoRequestObservationConvention();

  private static TornadoRequestObservationContext context(
      String method, String uri, String route, int status) {
    TornadoRequestObservationContext context = RequestContexts.request(method, uri, route);
    context.setStatus(status);
    return context;
  }

  private Map<String, String> tags(TornadoRequestObservationContext context) {
    KeyValues values = convention.getLowCardinalityKeyValues(context);
    return values.stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
  }

  @Test
  void aRoutedRequestIsTaggedWithItsRouteStatusAndOutcome() {
    assertThat(tags(context("GET", "/users/7?x=1", "/users/{id}", 200)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "method", "GET",
                "uri", "/users/{id}",
                "status", "200",
                "outcome", "SUCCESS",
                "exception", "none"));
    assertThat(convention.getHighCardinalityKeyValues(context("GET", "/users/7?x=1", null, 200)))
        .containsExactly(KeyValue.of("http.url", "/users/7"));
  }

  @Test
  void unroutedAndUnusualStatusesKeepTheirTags() {
    assertThat(tags(context("GET", "/nope", null, 404)))
        .containsEntry("uri", "NOT_FOUND")
        .containsEntry("outcome", "CLIENT_ERROR");
    assertThat(tags(context("GET", "/moved", null, 301))).containsEntry("uri", "REDIRECTION");
    assertThat(tags(context("GET", "/x", null, 0)))
        .containsEntry("uri", "UNKNOWN")
        .containsEntry("status", "UNKNOWN")
        .containsEntry("outcome", "UNKNOWN");
    assertThat(tags(context("GET", "/x", null, 999)))
        .containsEntry("status", "999")
        .containsEntry("outcome", "UNKNOWN");
    assertThat(tags(context("BREW", "/pot", "/pot", 418)))
        .containsEntry("method", "BREW")
        .containsEntry("status", "418");
  }

  @Test
  void theUrlSetMadeAtTheStartIsTheAnswerAtTheStopUnlessTheHeldSetChanged() {
    TornadoRequestObservationContext context = context("GET", "/users/7?x=1", "/users/{id}", 0);
    KeyValues atStart = convention.getHighCardinalityKeyValues(context);
    context.addHighCardinalityKeyValues(atStart);

    assertThat(convention.getHighCardinalityKeyValues(context)).isSameAs(atStart);

    // Another set held (a filter's, say): a set of the path alone is made again.
    context.addHighCardinalityKeyValues(KeyValues.of("http.url", "/users/7", "tenant", "t1"));
    KeyValues afterChange = convention.getHighCardinalityKeyValues(context);
    assertThat(afterChange)
        .isNotSameAs(atStart)
        .containsExactly(KeyValue.of("http.url", "/users/7"));

    // Another request's set, held by this context, is not its answer.
    TornadoRequestObservationContext other = context("GET", "/users/8", "/users/{id}", 0);
    other.addHighCardinalityKeyValues(atStart);
    assertThat(convention.getHighCardinalityKeyValues(other))
        .containsExactly(KeyValue.of("http.url", "/users/8"));

    // Moved to Micrometer's map by a single added value: made again, the map left as it is.
    context.addHighCardinalityKeyValue(KeyValue.of("extra", "1"));
    assertThat(convention.getHighCardinalityKeyValues(context))
        .containsExactly(KeyValue.of("http.url", "/users/7"));
    assertThat(context.getHighCardinalityKeyValue("extra")).isEqualTo(KeyValue.of("extra", "1"));
  }

  @Test
  void theTagsOfARouteAreMadeOnceAndReused() {
    KeyValues first = convention.getLowCardinalityKeyValues(context("GET", "/a", "/a", 200));
    KeyValues second = convention.getLowCardinalityKeyValues(context("GET", "/a", "/a", 200));
    for (KeyValue value : first) {
      assertThat(second.stream().filter(v -> v.getKey().equals(value.getKey())).findFirst())
          .get()
          .isSameAs(value);
    }
  }

  @Test
  void theWholeSetOfARoutesTagsIsKeptByMethodAndStatusButNotWithAnError() {
    KeyValues ok = convention.getLowCardinalityKeyValues(context("GET", "/a?x=1", "/a", 200));
    assertThat(convention.getLowCardinalityKeyValues(context("GET", "/a?x=2", "/a", 200)))
        .isSameAs(ok);
    KeyValues started = convention.getLowCardinalityKeyValues(context("GET", "/a", "/a", 0));
    assertThat(started).isNotSameAs(ok);
    assertThat(tags(context("GET", "/a", "/a", 0)))
        .containsEntry("status", "UNKNOWN")
        .containsEntry("uri", "/a");
    assertThat(tags(context("POST", "/a", "/a", 200))).containsEntry("method", "POST");
    assertThat(tags(context("GET", "/b", "/b", 200))).containsEntry("uri", "/b");
    assertThat(tags(context("GET", "/a", "/a", 503)))
        .containsEntry("status", "503")
        .containsEntry("outcome", "SERVER_ERROR");
    TornadoRequestObservationContext failed = context("GET", "/a", "/a", 500);
    failed.setError(new IllegalStateException("boom"));
    assertThat(tags(failed)).containsEntry("exception", "IllegalStateException");
    assertThat(tags(context("GET", "/a", "/a", 500))).containsEntry("exception", "none");
  }

  @Test
  void aContextKeepsItsRouteForTheWholeRequestWhileTheStatusChanges() {
    TornadoRequestObservationContext started = context("GET", "/c", "/c", 0);
    assertThat(tags(started)).containsEntry("status", "UNKNOWN").containsEntry("uri", "/c");
    assertThat(convention.getContextualName(started)).isEqualTo("http get /c");
    started.setStatus(503);
    assertThat(tags(started))
        .containsEntry("status", "503")
        .containsEntry("outcome", "SERVER_ERROR")
        .containsEntry("uri", "/c");
  }

  @Test
  void twoConventionsAskingAboutOneContextEachUseTheirOwnTags() {
    DefaultTornadoRequestObservationConvention other =
        new DefaultTornadoRequestObservationConvention();
    TornadoRequestObservationContext shared = context("GET", "/b", "/b", 200);
    KeyValues mine = convention.getLowCardinalityKeyValues(shared);
    KeyValues theirs = other.getLowCardinalityKeyValues(shared);
    assertThat(theirs.stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue)))
        .isEqualTo(tags(shared));
    assertThat(theirs).isNotSameAs(mine);
    assertThat(other.getLowCardinalityKeyValues(context("GET", "/b", "/b", 200))).isSameAs(theirs);
    assertThat(convention.getLowCardinalityKeyValues(shared)).isSameAs(mine);
  }

  @Test
  void contextualNamesNameTheMethodAndTheRoute() {
    assertThat(convention.getContextualName(context("GET", "/a/1", "/a/{id}", 200)))
        .isEqualTo("http get /a/{id}")
        .isSameAs(convention.getContextualName(context("GET", "/a/2", "/a/{id}", 200)));
    assertThat(convention.getContextualName(context("POST", "/a/1", "/a/{id}", 200)))
        .isEqualTo("http post /a/{id}");
    assertThat(convention.getContextualName(context("BREW", "/a/1", "/a/{id}", 200)))
        .isEqualTo("http brew /a/{id}");
    assertThat(convention.getContextualName(context("GET", "/nope", null, 404)))
        .isEqualTo("http get");
  }
}
