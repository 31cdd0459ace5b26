package io.github.tornadoserver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The word-at-a-time searches against the plain byte loops they replace: every byte value at every
 * position of ranges that start at every offset within a word, with and without bytes around the
 * range, and random buffers full of near misses.
 */
class ByteScanTest {

  private static int plainIndexOf(byte[] bytes, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static int plainIndexOfControl(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      int b = bytes[i] & 0xff;
      if (b < 0x20 || b == 0x7f) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void everyByteValueIsFoundAtEveryPositionAndOffset() {
    for (int value = 0; value < 256; value++) {
      byte b = (byte) value;
      // A filler that is never b and never a control character: the only match is the one placed.
      byte filler = (byte) (value == 'a' ? 'b' : 'a');
      for (int from = 0; from < 9; from++) {
        for (int length = 0; length < 26; length++) {
          byte[] bytes = new byte[from + length + 3];
          Arrays.fill(bytes, filler);
          int to = from + length;
          assertThat(ByteScan.indexOf(bytes, b, from, to)).isEqualTo(-1);
          for (int at = from; at < to; at++) {
            bytes[at] = b;
            assertThat(ByteScan.indexOf(bytes, b, from, to))
                .as("%d at %d", value, at)
                .isEqualTo(at);
            assertThat(ByteScan.indexOfControl(bytes, from, to))
                .as("%d at %d", value, at)
                .isEqualTo(value < 0x20 || value == 0x7f ? at : -1);
            bytes[at] = filler;
          }
          // A match just outside the range is not found.
          if (from > 0) {
            bytes[from - 1] = b;
          }
          bytes[to] = b;
          assertThat(ByteScan.indexOf(bytes, b, from, to)).isEqualTo(-1);
          assertThat(ByteScan.indexOfControl(bytes, from, to)).isEqualTo(-1);
        }
      }
    }
  }

  @Test
  void theFirstOfSeveralMatchesIsFoundWhateverFollowsIt() {
    SplittableRandom random = new SplittableRandom(20261207);
    // Values around the edges of the searches: 0x00, 0x01, HTAB, LF, CR, 0x1f, SP, 0x7e to 0x81,
    // 0xff, and the byte one above and below LF, so that borrows between bytes are exercised.
    byte[] alphabet = {
      0x00,
      0x01,
      0x09,
      0x0a,
      0x0b,
      0x0d,
      0x1f,
      0x20,
      0x21,
      0x7e,
      0x7f,
      (byte) 0x80,
      (byte) 0x81,
      (byte) 0xfe,
      (byte) 0xff,
      'a',
      ':'
    };
    for (int round = 0; round < 20_000; round++) {
      byte[] bytes = new byte[random.nextInt(1, 40)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = alphabet[random.nextInt(alphabet.length)];
      }
      int from = random.nextInt(bytes.length + 1);
      int to = random.nextInt(from, bytes.length + 1);
      byte b = alphabet[random.nextInt(alphabet.length)];
      assertThat(ByteScan.indexOf(bytes, b, from, to))
          .as("%s [%d, %d) for %d", Arrays.toString(bytes), from, to, b)
          .isEqualTo(plainIndexOf(bytes, b, from, to));
      assertThat(ByteScan.indexOfControl(bytes, from, to))
          .as("%s [%d, %d)", Arrays.toString(bytes), from, to)
          .isEqualTo(plainIndexOfControl(bytes, from, to));
    }
  }

  @Test
  void aRangeOutsideTheArrayIsRefused() {
    byte[] bytes = new byte[8];
    assertThatThrownBy(() -> ByteScan.indexOf(bytes, (byte) 1, 2, 9))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> ByteScan.indexOfControl(bytes, -1, 4))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> ByteScan.indexOf(bytes, (byte) 1, 5, 4))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
