package io.github.tornadoserver.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

class MediaNegotiationTest {
  private static final List<String> ACTUATOR =
      List.of("application/vnd.spring-boot.actuator.v3+json", "application/json");

  @Test
  void noAcceptHeaderTakesTheFirstProducedType() {
    assertThat(MediaNegotiation.choose(MediaNegotiation.accepted(List.of()), ACTUATOR))
        .hasToString(ACTUATOR.get(0));
  }

  @Test
  void qualityOrdersTheAcceptedTypesAndZeroRefusesOne() {
    List<MimeType> accepted =
        MediaNegotiation.accepted(List.of("text/plain;q=0.5, application/json, text/html;q=0"));
    assertThat(accepted).extracting(MimeType::getSubtype).containsExactly("json", "plain");
  }

  @Test
  void aSuffixWildcardMatchesTheVendorType() {
    List<MimeType> accepted = MediaNegotiation.accepted(List.of("application/*+json"));
    assertThat(MediaNegotiation.choose(accepted, ACTUATOR)).hasToString(ACTUATOR.get(0));
  }

  @Test
  void nothingAcceptableChoosesNothing() {
    assertThat(MediaNegotiation.choose(MediaNegotiation.accepted(List.of("text/html")), ACTUATOR))
        .isNull();
  }

  @Test
  void aMalformedAcceptHeaderIsReported() {
    assertThatExceptionOfType(InvalidMimeTypeException.class)
        .isThrownBy(() -> MediaNegotiation.accepted(List.of("json")));
  }

  @Test
  void aMalformedQualityCountsAsZero() {
    assertThat(MediaNegotiation.quality(MimeTypeUtils.parseMimeType("text/plain;q=x"))).isZero();
  }

  @Test
  void aBodyMustBeOfAConsumedTypeWhenTheOperationNamesSome() {
    assertThat(MediaNegotiation.consumes(ACTUATOR, "application/json;charset=UTF-8")).isTrue();
    assertThat(MediaNegotiation.consumes(ACTUATOR, "text/plain")).isFalse();
    assertThat(MediaNegotiation.consumes(ACTUATOR, null)).isFalse();
    assertThat(MediaNegotiation.consumes(List.of(), null)).isTrue();
  }
}
