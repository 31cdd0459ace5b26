package io.github.tornadoserver.ioloop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop's {@link Selector}: channel registrations, the wait for readiness, and the dispatch of
 * ready channels to their handlers. Loop thread only, except {@link #wakeUpIfWaiting()}.
 */
final class ChannelSelector {
  private static final Logger GEN_LOG = LoggerFactory.getLogger("tornado.general");

  private final Selector selector;
  private final AtomicBoolean wakeupNeeded = new AtomicBoolean();

  /**
   * The keys the last select found ready, {@code [0, readyCount)}: a select hands each one to
   * {@link #collect} instead of adding it to the selector's selected-key set, which would make a
   * hash node per ready key and a copy of the set per iteration. Loop thread only.
   */
  private SelectionKey[] readyKeys = new SelectionKey[64];

  private int readyCount;
  private final Consumer<SelectionKey> collect = this::collect;

  /**
   * @throws UncheckedIOException if the selector cannot be opened
   */
  ChannelSelector() {
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector", e);
    }
  }

  // ---------------------------------------------------------------- registrations

  void register(SelectableChannel channel, IOLoop.Handler handler, int events) {
    SelectionKey existing = channel.keyFor(selector);
    if (existing != null) {
      if (existing.isValid()) {
        throw new IllegalArgumentException("channel " + channel + " added twice");
      }
      flushCancelledKeys();
    }
    try {
      channel.configureBlocking(false);
      channel.register(selector, interestOps(channel, events), handler);
    } catch (ClosedChannelException e) {
      throw new IllegalArgumentException("channel " + channel + " is closed", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot register " + channel, e);
    }
  }

  void update(SelectableChannel channel, int events) {
    SelectionKey key = channel.keyFor(selector);
    if (key != null && key.isValid()) {
      key.interestOps(interestOps(channel, events));
    }
  }

  void remove(SelectableChannel channel) {
    SelectionKey key = channel.keyFor(selector);
    if (key != null) {
      key.cancel();
    }
  }

  boolean isRegistered(SelectableChannel channel) {
    SelectionKey key = channel.keyFor(selector);
    return key != null && key.isValid();
  }

  private static int interestOps(SelectableChannel channel, int events) {
    int valid = channel.validOps();
    int ops = 0;
    if ((events & IOLoop.READ) != 0) {
      ops |= (valid & SelectionKey.OP_ACCEPT) != 0 ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ;
    }
    if ((events & IOLoop.WRITE) != 0) {
      boolean connecting =
          channel instanceof SocketChannel && ((SocketChannel) channel).isConnectionPending();
      // While connecting, OP_CONNECT reports the end of the connect and OP_WRITE nothing; once
      // connected it is the other way round. Watch both, so that a WRITE interest that is not
      // updated after finishConnect (IOStream keeps WRITE while it has data to send) goes on
      // reporting writability, instead of never firing (and the selector spinning on POLLOUT).
      ops |= connecting ? SelectionKey.OP_CONNECT | SelectionKey.OP_WRITE : SelectionKey.OP_WRITE;
    }
    return ops & valid;
  }

  /**
   * A cancelled key stays registered until the next selection operation, and registering its
   * channel again before that throws CancelledKeyException (see the SelectionKey and
   * SelectableChannel.register Javadoc), so a channel removed and re-added in one iteration needs a
   * selectNow first.
   *
   * <p>That selectNow also puts the keys ready at that moment into the selected-key set, which the
   * dispatch of this iteration has already copied: left there, they would be dispatched again next
   * iteration with readiness that their handlers may have consumed meanwhile. Drop them; the
   * selector is level-triggered, so the next select reports whatever is still ready.
   */
  private void flushCancelledKeys() {
    try {
      selector.selectNow();
    } catch (IOException e) {
      throw new UncheckedIOException("selectNow failed", e);
    }
    selector.selectedKeys().clear();
  }

  // ---------------------------------------------------------------- waiting

  /**
   * Waits until a channel is ready, {@code waitNanos} passed (-1: no bound, 0: do not wait) or
   * {@link #wakeUpIfWaiting()} is called; {@code callbacksPending} is asked again once a wake-up
   * can no longer be missed.
   */
  void select(long waitNanos, BooleanSupplier callbacksPending) {
    try {
      if (waitNanos == 0 || callbacksPending.getAsBoolean()) {
        selector.selectNow(collect);
      } else {
        selectWithWakeup(waitNanos, callbacksPending);
      }
    } catch (IOException e) {
      GEN_LOG.warn("selector failed: {}", e.toString());
    }
  }

  private void selectWithWakeup(long waitNanos, BooleanSupplier callbacksPending)
      throws IOException {
    wakeupNeeded.set(true);
    if (callbacksPending.getAsBoolean()) {
      selector.selectNow(collect);
    } else if (waitNanos < 0) {
      selector.select(collect);
    } else {
      // select(0) means "forever": round up so that a sub-millisecond wait still returns.
      selector.select(collect, Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999)));
    }
    wakeupNeeded.set(false);
  }

  /** Wakes a wait in progress or about to start. Safe from any thread. */
  void wakeUpIfWaiting() {
    if (wakeupNeeded.getAndSet(false)) {
      selector.wakeup();
    }
  }

  // ---------------------------------------------------------------- dispatching

  private void collect(SelectionKey key) {
    if (readyCount == readyKeys.length) {
      readyKeys = Arrays.copyOf(readyKeys, readyCount * 2);
    }
    readyKeys[readyCount++] = key;
  }

  /**
   * Runs the handler of each key the last select found ready, in the order reported. A handler may
   * call selectNow (flushCancelledKeys) meanwhile: that select goes to the selected-key set, which
   * it clears, so the list dispatched here does not change under the loop.
   */
  void dispatchReadyKeys() {
    int n = readyCount;
    readyCount = 0;
    for (int i = 0; i < n; i++) {
      SelectionKey key = readyKeys[i];
      readyKeys[i] = null;
      dispatch(key);
    }
  }

  private static void dispatch(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    int ready;
    try {
      ready = key.readyOps();
    } catch (RuntimeException cancelled) {
      return;
    }
    IOLoop.Handler handler = (IOLoop.Handler) key.attachment();
    try {
      handler.handleEvents(key.channel(), events(ready));
    } catch (Throwable t) {
      IOLoop.APP_LOG.error("Exception in I/O handler for {}", key.channel(), t);
    }
  }

  private static int events(int readyOps) {
    int events = 0;
    if ((readyOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
      events |= IOLoop.READ;
    }
    if ((readyOps & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
      events |= IOLoop.WRITE;
    }
    return events;
  }

  // ---------------------------------------------------------------- closing

  /** Cancels every registration (closing the channels too when {@code channels}). */
  void cancelAll(boolean channels) {
    for (SelectionKey key : new ArrayList<>(selector.keys())) {
      // The key set still holds the keys cancelled since the last select (removeHandler): their
      // channels are no longer ours to close.
      boolean registered = key.isValid();
      key.cancel();
      if (channels && registered) {
        IOLoop.closeQuietly(key.channel());
      }
    }
  }

  void close() {
    IOLoop.closeQuietly(selector);
  }
}
