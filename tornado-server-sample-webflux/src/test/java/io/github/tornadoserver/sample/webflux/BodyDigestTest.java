package io.github.tornadoserver.sample.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

class BodyDigestTest {
  private static final DataBufferFactory BUFFERS = DefaultDataBufferFactory.sharedInstance;

  @Test
  void hashesNothingAsTheEmptyBody() {
    BodyDigest digest = new BodyDigest();
    assertThat(digest.length()).isZero();
    assertThat(digest.sha256())
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void countsAndHashesABodyWhateverItsSplit() {
    BodyDigest digest = new BodyDigest();
    digest.add(BUFFERS.wrap("he".getBytes(StandardCharsets.US_ASCII)));
    digest.add(BUFFERS.wrap(new byte[0]));
    digest.add(BUFFERS.wrap("llo".getBytes(StandardCharsets.US_ASCII)));
    assertThat(digest.length()).isEqualTo(5);
    assertThat(digest.sha256())
        .isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  }
}
