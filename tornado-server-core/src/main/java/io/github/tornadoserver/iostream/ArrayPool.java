package io.github.tornadoserver.iostream;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.ioloop.LoopLocal;

/**
 * The byte arrays that buffers of one loop's streams hand back when they empty, so that an idle
 * stream holds no array and the next stream of the loop that needs one takes it instead of
 * allocating it. Bounded: at most {@code maxArrays} arrays of at most {@code maxLength} bytes are
 * kept; others are left to the garbage collector. Loop thread only.
 */
final class ArrayPool {
  /** How many arrays the read pool of one loop keeps at the most. */
  static final int MAX_ARRAYS = 64;

  /**
   * The longest array the read pool keeps; a longer one (a large read) is dropped when it empties.
   */
  static final int MAX_ARRAY_LENGTH = 8 * 1024;

  /** How many arrays the TLS pool of one loop keeps at the most. */
  static final int MAX_TLS_ARRAYS = 16;

  /** The longest array the TLS pool keeps: room for several records of 16 KiB and their headers. */
  static final int MAX_TLS_ARRAY_LENGTH = 128 * 1024;

  private static final LoopLocal<ArrayPool> READS =
      LoopLocal.withInitial(() -> new ArrayPool(MAX_ARRAYS, MAX_ARRAY_LENGTH));
  private static final LoopLocal<ArrayPool> TLS =
      LoopLocal.withInitial(() -> new ArrayPool(MAX_TLS_ARRAYS, MAX_TLS_ARRAY_LENGTH));

  private final byte[][] arrays;
  private final int maxLength;
  private int count;

  ArrayPool(int maxArrays, int maxLength) {
    this.arrays = new byte[maxArrays][];
    this.maxLength = maxLength;
  }

  /** The pool of {@code loop} for read buffers. Loop thread only. */
  static ArrayPool of(IOLoop loop) {
    return READS.get(loop);
  }

  /** The pool of {@code loop} for TLS records, in and out. Loop thread only. */
  static ArrayPool forTls(IOLoop loop) {
    return TLS.get(loop);
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
    if (array.length <= maxLength && count < arrays.length) {
      arrays[count++] = array;
    }
  }

  int size() {
    return count;
  }
}
