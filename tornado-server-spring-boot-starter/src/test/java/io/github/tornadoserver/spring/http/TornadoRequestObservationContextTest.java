package io.github.tornadoserver.spring.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The context answers with the convention's own {@link KeyValues} while that is all it holds; every
 * answer must be what Micrometer's own context, given the same changes, would answer.
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
  void agreesWithMicrometersContextOverRandomChanges() {
    Random random = new Random(20261207L);
    for (int run = 0; run < 2_000; run++) {
      TornadoRequestObservationContext ours = context();
      Observation.Context plain = new Observation.Context();
      for (int step = 0; step < 6; step++) {
        switch (random.nextInt(5)) {
          case 0, 1 -> {
            KeyValues set = randomSet(random);
            ours.addLowCardinalityKeyValues(set);
            plain.addLowCardinalityKeyValues(set);
          }
          case 2 -> {
            KeyValue one = KeyValue.of(randomKey(random), "v" + random.nextInt(3));
            ours.addLowCardinalityKeyValue(one);
            plain.addLowCardinalityKeyValue(one);
          }
          case 3 -> {
            String key = randomKey(random);
            ours.removeLowCardinalityKeyValue(key);
            plain.removeLowCardinalityKeyValue(key);
          }
          default -> {
            String[] keys = {randomKey(random), randomKey(random)};
            ours.removeLowCardinalityKeyValues(keys);
            plain.removeLowCardinalityKeyValues(keys);
          }
        }
        assertThat(ours.getLowCardinalityKeyValues())
            .as("run %d step %d", run, step)
            .isEqualTo(plain.getLowCardinalityKeyValues());
        for (String key : KEYS) {
          assertThat(ours.getLowCardinalityKeyValue(key))
              .as("run %d step %d key %s", run, step, key)
              .isEqualTo(plain.getLowCardinalityKeyValue(key));
        }
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
