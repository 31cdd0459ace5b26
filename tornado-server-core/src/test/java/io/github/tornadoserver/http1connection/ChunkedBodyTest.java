package io.github.tornadoserver.http1connection;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkedBodyTest {

  private static long size(String line) throws RequestRejectedException {
    return ChunkedBody.parseSizeLine(line.getBytes(ISO_8859_1));
  }

  @Test
  void readsAHexSizeWithOrWithoutAnExtension() throws Exception {
    assertThat(size("a\r\n")).isEqualTo(10);
    assertThat(size("1F;name=value\r\n")).isEqualTo(31);
    assertThat(size("0\r\n")).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"05", "0000000000000000005", "00000000000000000000000000000000000005"})
  void acceptsAnyNumberOfLeadingZeros(String digits) throws Exception {
    assertThat(size(digits + "\r\n")).isEqualTo(5);
  }

  @Test
  void acceptsALastChunkWrittenWithManyZeros() throws Exception {
    assertThat(size("0".repeat(40) + "\r\n")).isZero();
  }

  @Test
  void acceptsFifteenSignificantDigitsAfterLeadingZeros() throws Exception {
    assertThat(size("000" + "f".repeat(15) + "\r\n")).isEqualTo(0xfffffffffffffffL);
  }

  @Test
  void refusesMoreThanFifteenSignificantDigits() {
    assertThatThrownBy(() -> size("0001" + "0".repeat(15) + "\r\n"))
        .isInstanceOf(RequestRejectedException.class)
        .hasMessage("chunk size has more than 15 significant hex digits");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\r\n", "x\r\n", "5 x\r\n", "5\n", "5\r5\r\n", "-5\r\n", "+5\r\n"})
  void refusesAMalformedSizeLine(String line) {
    assertThatThrownBy(() -> size(line)).isInstanceOf(RequestRejectedException.class);
  }
}
