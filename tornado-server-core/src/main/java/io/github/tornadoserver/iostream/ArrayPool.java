package io.github.tornadoserver.iostream;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.ioloop.LoopLocal;

/**
 * The byte arrays that read buffers of one loop's streams hand back when they empty, so that an
 * idle stream holds no array and the next stream of the loop that reads takes one instead of
 * allocating it. Bounded: at most {@link #MAX_ARRAYS} arrays of at most {@link #MAX_ARRAY_LENGTH}
 * bytes are kept; others are left to the garbage collector. Loop thread only.
 */
final class ArrayPool {
  /** How many arrays one loop keeps at the most. */
  static final int MAX_ARRAYS = 64;

  /** The longest array kept; a longer one (a large read) is dropped when it empties. */
  static final int MAX_ARRAY_LENGTH = 8 * 1024;

  private static final LoopLocal<ArrayPool> POOLS = LoopLocal.withInitial(ArrayPool::new);

  private final byte[][] arrays = new byte[MAX_ARRAYS][];
  private int count;

  /** The pool of {@code loop}. Loop thread only. */
  static ArrayPool of(IOLoop loop) {
    return POOLS.get(loop);
  }

  /** An array of at least {@code length} bytes: the most recently returned one if long enough. */
  byte[] take(int length) {
    if (count > 0 && arrays[count - 1].length >= length) {
      byte[] array = arrays[--count];
      arrays[count] = null;
      return array;
    }
    return new byte[length];
  }

  /** Keeps {@code array} for the next {@link #take}, unless it is too long or the pool is full. */
  void give(byte[] array) {
    if (array.length <= MAX_ARRAY_LENGTH && count < MAX_ARRAYS) {
      arrays[count++] = array;
    }
  }

  int size() {
    return count;
  }
}
