package io.github.tornadoserver.httputil;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The metric tags are a published contract: dashboards select on these exact words. */
class RejectionReasonTest {

  @Test
  void eachReasonCarriesItsReleasedMetricTag() {
    assertThat(Arrays.stream(RejectionReason.values()).map(RejectionReason::tag))
        .containsExactly(
            "bad_request",
            "header_too_large",
            "uri_too_long",
            "body_too_large",
            "header_timeout",
            "body_timeout",
            "version_not_supported",
            "unsupported_transfer_coding",
            "max_connections");
  }

  @Test
  void eachTagIsTheConstantNameInLowerCase() {
    for (RejectionReason reason : RejectionReason.values()) {
      assertThat(reason.tag()).isEqualTo(reason.name().toLowerCase(Locale.ROOT));
    }
  }
}
