package io.github.tornadoserver.ioloop;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A value kept per loop, as a {@link ThreadLocal} is kept per thread: the state that belongs to
 * whatever runs on one loop (a cache, a task id) lives on the loop instead of on its thread, so
 * that {@link IOLoop#current()} stays the only thread-local.
 *
 * <p>Threading: {@link #get} and {@link #set} run on the loop's thread, like every loop method but
 * {@code addCallback}, and throw {@link IllegalStateException} elsewhere. A value lives as long as
 * its loop. Make instances {@code static final}: each one takes a slot in every loop that uses it.
 *
 * @param <T> the type of the value
 */
public final class LoopLocal<T> {
  private static final AtomicInteger NEXT_INDEX = new AtomicInteger();

  private final int index = NEXT_INDEX.getAndIncrement();
  private final Supplier<? extends T> initial;

  private LoopLocal(Supplier<? extends T> initial) {
    this.initial = initial;
  }

  /** A value that is {@code initial.get()} on each loop until set; {@code null} is not kept. */
  public static <T> LoopLocal<T> withInitial(Supplier<? extends T> initial) {
    return new LoopLocal<>(Objects.requireNonNull(initial, "initial"));
  }

  /**
   * The value on {@code loop}; the first call on a loop (or any call while the value is {@code
   * null}) stores the initial value. A closed loop keeps no values: it answers the initial value,
   * and stores nothing. Loop thread only.
   *
   * @throws IllegalStateException off the loop's thread
   */
  @SuppressWarnings("unchecked")
  public T get(IOLoop loop) {
    Object value = loop.localValue(index);
    if (value == null) {
      value = initial.get();
      if (!loop.isClosed()) {
        loop.setLocalValue(index, value);
      }
    }
    return (T) value;
  }

  /**
   * Sets the value on {@code loop}. Loop thread only.
   *
   * @throws IllegalStateException off the loop's thread, or if the loop is closed
   */
  public void set(IOLoop loop, T value) {
    loop.setLocalValue(index, value);
  }
}
