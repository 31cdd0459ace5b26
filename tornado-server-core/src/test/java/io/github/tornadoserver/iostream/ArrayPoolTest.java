package io.github.tornadoserver.iostream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArrayPoolTest {
  private final ArrayPool pool = new ArrayPool(ArrayPool.MAX_ARRAYS, ArrayPool.MAX_ARRAY_LENGTH);

  @Test
  void takeGivesBackTheMostRecentlyReturnedArrayWhenItIsLongEnough() {
    byte[] first = new byte[1024];
    byte[] second = new byte[2048];
    pool.give(first);
    pool.give(second);
    assertThat(pool.take(1500)).isSameAs(second);
    assertThat(pool.take(1024)).isSameAs(first);
    assertThat(pool.size()).isZero();
  }

  @Test
  void takeAllocatesWhenTheTopArrayIsTooShortOrThePoolIsEmpty() {
    byte[] small = new byte[1024];
    pool.give(small);
    byte[] big = pool.take(4096);
    assertThat(big).isNotSameAs(small).hasSize(4096);
    assertThat(pool.size()).isOne();
    pool.take(1024);
    assertThat(pool.take(10)).hasSize(10);
  }

  @Test
  void keepsNoArrayLongerThanTheLimitAndNoMoreThanTheCount() {
    pool.give(new byte[ArrayPool.MAX_ARRAY_LENGTH + 1]);
    assertThat(pool.size()).isZero();
    for (int i = 0; i < ArrayPool.MAX_ARRAYS + 10; i++) {
      pool.give(new byte[ArrayPool.MAX_ARRAY_LENGTH]);
    }
    assertThat(pool.size()).isEqualTo(ArrayPool.MAX_ARRAYS);
  }
}
