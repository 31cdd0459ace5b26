package io.github.tornadoserver.netutil;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LookupResultTest {
  @Test
  void tagsAreTheLowerCaseNames() {
    assertThat(LookupResult.SUCCESS.tag()).isEqualTo("success");
    assertThat(LookupResult.NOT_FOUND.tag()).isEqualTo("not_found");
    assertThat(LookupResult.ERROR.tag()).isEqualTo("error");
  }
}
