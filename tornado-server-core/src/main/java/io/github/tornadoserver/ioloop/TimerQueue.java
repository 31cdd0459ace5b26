package io.github.tornadoserver.ioloop;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The loop's timers, earliest deadline first (same deadline: in the order they were added).
 * Cancelled timers stay queued until they reach the head or until they are more than half of the
 * queue, when they are swept out at once. Loop thread only.
 */
final class TimerQueue {
  private static final int CANCELLED_BEFORE_SWEEP = 512;

  private final PriorityQueue<Timeout> timeouts = new PriorityQueue<>();
  private long sequence;
  private int cancelled;

  /** Queues {@code callback} to run at {@code deadline}. */
  Timeout add(long deadline, Runnable callback) {
    Timeout timeout = new Timeout(deadline, sequence++, callback);
    timeouts.add(timeout);
    return timeout;
  }

  /** Cancels {@code timeout}; one that already ran or was cancelled is left alone. */
  void cancel(Timeout timeout) {
    if (timeout == null || !timeout.cancel()) {
      return;
    }
    cancelled++;
    if (cancelled > CANCELLED_BEFORE_SWEEP && cancelled > timeouts.size() / 2) {
      timeouts.removeIf(Timeout::isCancelled);
      cancelled = 0;
    }
  }

  /** The earliest timeout still pending, or null when there is none. */
  Timeout next() {
    dropCancelledHead();
    return timeouts.peek();
  }

  /** Takes out the pending timeouts due at {@code now}, in order; null when none is due. */
  List<Timeout> takeDue(long now) {
    List<Timeout> due = null;
    Timeout head;
    while ((head = next()) != null && head.deadline() - now <= 0) {
      timeouts.poll();
      if (due == null) {
        due = new ArrayList<>();
      }
      due.add(head);
    }
    return due;
  }

  /** Cancels every timeout, so that their handles stop reporting {@code isPending()}. */
  void cancelAll() {
    timeouts.forEach(Timeout::cancel);
    timeouts.clear();
    cancelled = 0;
  }

  private void dropCancelledHead() {
    Timeout head;
    while ((head = timeouts.peek()) != null && head.isCancelled()) {
      timeouts.poll();
      cancelled--;
    }
  }
}
