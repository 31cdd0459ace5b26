package io.github.tornadoserver.spring.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The context answers with the convention's own {@link KeyValues} while that is all it holds, low
 * and high cardinality alike; every answer must be what Micrometer's own context, given the same
 * changes, would answer.
 */
class TornadoRequestObservationContextTest {
  private static final List<String> KEYS =
      List.of("exception", "method", "outcome", "status", "uri");

  private static TornadoRequestObservationContext context() {
    return RequestContexts.request("GET", "/", "/");
  }

  @Test
  void answersWithTheConventionsKeyValuesWhenTheyReplaceAllThatWasHeld() {
    TornadoRequestObservationContext context = context();
    assertThat(context.getLowCardinalityKeyValues()).isEmpty();
    KeyValues atStart = KeyValues.of("method", "GET", "status", "UNKNOWN", "uri", "/");
    context.addLowCardinalityKeyValues(atStart);
    assertThat(context.getLowCardinalityKeyValues()).isSameAs(atStart);
    KeyValues atStop =
        KeyValues.of("method", "GET", "outcome", "SUCCESS", "status", "200", "uri", "/");
    context.addLowCardinalityKeyValues(atStop);
    assertThat(context.getLowCardinalityKeyValues()).isSameAs(atStop);
  }

  @Test
  void collectsTheKeyValuesOnceAnythingElseChangedThem() {
    TornadoRequestObservationContext context = context();
    context.addLowCardinalityKeyValues(KeyValues.of("method", "GET", "uri", "/"));
    // A filter's common tag: the held "method" and "uri" stay beside it.
    context.addLowCardinalityKeyValues(KeyValues.of("zone", "a"));
    assertThat(context.getLowCardinalityKeyValues())
        .containsExactly(
            KeyValue.of("method", "GET"), KeyValue.of("uri", "/"), KeyValue.of("zone", "a"));
    context.addLowCardinalityKeyValues(KeyValues.of("method", "PUT", "uri", "/", "zone", "b"));
    assertThat(context.getLowCardinalityKeyValues())
        .containsExactly(
            KeyValue.of("method", "PUT"), KeyValue.of("uri", "/"), KeyValue.of("zone", "b"));
    context.addLowCardinalityKeyValue(KeyValue.of("extra", "1"));
    assertThat(context.getLowCardinalityKeyValues()).hasSize(4);
    context.removeLowCardinalityKeyValues("extra", "zone");
    assertThat(context.getLowCardinalityKeyValues())
        .containsExactly(KeyValue.of("method", "PUT"), KeyValue.of("uri", "/"));
  }

  @Test
  void holdsTheHighCardinalityKeyValuesTheSameWay() {
    TornadoRequestObservationContext context = context();
    KeyValues url = KeyValues.of("http.url", "/a");
    context.addHighCardinalityKeyValues(url);
    assertThat(context.getHighCardinalityKeyValues()).isSameAs(url);
    assertThat(context.getHighCardinalityKeyValue("http.url"))
        .isEqualTo(KeyValue.of("http.url", "/a"));
    context.addLowCardinalityKeyValues(KeyValues.of("method", "GET"));
    assertThat(context.getAllKeyValues())
        .containsExactly(KeyValue.of("http.url", "/a"), KeyValue.of("method", "GET"));
    context.addHighCardinalityKeyValue(KeyValue.of("user", "u1"));
    assertThat(context.getHighCardinalityKeyValues())
        .containsExactly(KeyValue.of("http.url", "/a"), KeyValue.of("user", "u1"));
    assertThat(context.getLowCardinalityKeyValues()).containsExactly(KeyValue.of("method", "GET"));
  }

  /** One cardinality's operations, on our context and on Micrometer's. */
  private record Side(
      BiConsumer<Observation.Context, KeyValues> addAll,
      BiConsumer<Observation.Context, KeyValue> add,
      BiConsumer<Observation.Context, String> remove,
      BiConsumer<Observation.Context, String[]> removeAll,
      Function<Observation.Context, KeyValues> all,
      BiFunction<Observation.Context, String, KeyValue> one) {}

  private static final Side LOW =
      new Side(
          Observation.Context::addLowCardinalityKeyValues,
          Observation.Context::addLowCardinalityKeyValue,
          Observation.Context::removeLowCardinalityKeyValue,
          Observation.Context::removeLowCardinalityKeyValues,
          Observation.Context::getLowCardinalityKeyValues,
          Observation.Context::getLowCardinalityKeyValue);

  private static final Side HIGH =
      new Side(
          Observation.Context::addHighCardinalityKeyValues,
          Observation.Context::addHighCardinalityKeyValue,
          Observation.Context::removeHighCardinalityKeyValue,
          Observation.Context::removeHighCardinalityKeyValues,
          Observation.Context::getHighCardinalityKeyValues,
          Observation.Context::getHighCardinalityKeyValue);

  @Test
  void agreesWithMicrometersContextOverRandomChanges() {
    Random random = new Random(20261207L);
    for (int run = 0; run < 2_000; run++) {
      TornadoRequestObservationContext ours = context();
      Observation.Context plain = new Observation.Context();
      for (int step = 0; step < 8; step++) {
        Side side = random.nextBoolean() ? LOW : HIGH;
        switch (random.nextInt(5)) {
          case 0, 1 -> {
            KeyValues set = randomSet(random);
            side.addAll().accept(ours, set);
            side.addAll().accept(plain, set);
          }
          case 2 -> {
            KeyValue one = KeyValue.of(randomKey(random), "v" + random.nextInt(3));
            side.add().accept(ours, one);
            side.add().accept(plain, one);
          }
          case 3 -> {
            String key = randomKey(random);
            side.remove().accept(ours, key);
            side.remove().accept(plain, key);
          }
          default -> {
            String[] keys = {randomKey(random), randomKey(random)};
            side.removeAll().accept(ours, keys);
            side.removeAll().accept(plain, keys);
          }
        }
        for (Side checked : List.of(LOW, HIGH)) {
          assertThat(checked.all().apply(ours))
              .as("run %d step %d", run, step)
              .isEqualTo(checked.all().apply(plain));
          for (String key : KEYS) {
            assertThat(checked.one().apply(ours, key))
                .as("run %d step %d key %s", run, step, key)
                .isEqualTo(checked.one().apply(plain, key));
          }
        }
        assertThat(ours.getAllKeyValues()).isEqualTo(plain.getAllKeyValues());
      }
    }
  }

  private static KeyValues randomSet(Random random) {
    List<KeyValue> values = new ArrayList<>();
    for (String key : KEYS) {
      if (random.nextInt(3) > 0) {
        values.add(KeyValue.of(key, "v" + random.nextInt(3)));
      }
    }
    return KeyValues.of(values);
  }

  private static String randomKey(Random random) {
    return KEYS.get(random.nextInt(KEYS.size()));
  }
}
