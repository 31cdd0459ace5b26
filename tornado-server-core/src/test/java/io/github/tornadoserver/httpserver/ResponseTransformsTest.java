package io.github.tornadoserver.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.httputil.HTTPServerConnectionDelegate;
import org.junit.jupiter.api.Test;

class ResponseTransformsTest {
  private final HTTPServerConnectionDelegate delegate = TestHandlers.echo();

  @Test
  void leavesTheDelegateUnwrappedWhenCompressionAndTheAccessLogAreOff() {
    assertThat(ResponseTransforms.around(delegate, Compression.off(), AccessLog.off()))
        .isSameAs(delegate);
  }

  @Test
  void wrapsTheDelegateWhenEitherIsOn() {
    assertThat(ResponseTransforms.around(delegate, Compression.defaults(), AccessLog.off()))
        .isInstanceOf(ResponseTransforms.class);
    assertThat(
            ResponseTransforms.around(
                delegate, Compression.off(), AccessLog.of(AccessLog.Format.COMMON)))
        .isInstanceOf(ResponseTransforms.class);
  }
}
