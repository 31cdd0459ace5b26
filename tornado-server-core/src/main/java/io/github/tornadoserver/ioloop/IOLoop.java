package io.github.tornadoserver.ioloop;

import io.github.tornadoserver.internal.DaemonPools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An event loop: one thread, one {@link Selector}, a timer queue and a callback queue.
 *
 * <p>Threading: {@link #addCallback} (and {@link #execute}, its {@link Executor} face) is the only
 * method that is safe from any thread. Every other method must run on the loop's thread and throws
 * {@link IllegalStateException} elsewhere. The loop's thread is the thread that created the loop,
 * and becomes the thread that calls {@link #start()}. To act on a running loop from another thread,
 * post a callback: {@code loop.addCallback(loop::stop)}.
 *
 * <p>Lifecycle: created (by {@link #current()} or the constructor), started ({@link #start()}
 * blocks the calling thread and runs the loop), stopped ({@link #stop()}: {@code start()} returns
 * after the current iteration), and closed ({@link #close(boolean)}, only when stopped). A stopped
 * loop may be started again.
 *
 * <p>Each iteration runs the callbacks that were queued when it began, waits on the selector until
 * the next timer is due or a channel is ready, dispatches the ready channels, then runs the timers
 * that are due. An exception thrown by any callback, timer or handler is logged once on the {@code
 * tornado.application} logger and the loop goes on.
 *
 * <p>Time is monotonic: {@link #time()} is {@link System#nanoTime()} and absolute deadlines given
 * to {@link #callAt} and {@link #addTimeout(long, Runnable)} are on that scale.
 */
public final class IOLoop implements Executor {
  /** No events. */
  public static final int NONE = 0;

  /** The channel is readable (or, for a listening channel, has a connection to accept). */
  public static final int READ = 0x001;

  /** The channel is writable (or a pending connect has finished). */
  public static final int WRITE = 0x004;

  /**
   * An error condition. Java's selector never reports errors apart from readiness, so this mask is
   * accepted for parity with Tornado but never delivered: an error shows up as READ or WRITE, and
   * the next read or write on the channel throws.
   */
  public static final int ERROR = 0x018;

  static final Logger APP_LOG = LoggerFactory.getLogger("tornado.application");
  private static final Logger GEN_LOG = LoggerFactory.getLogger("tornado.general");
  private static final ThreadLocal<IOLoop> CURRENT = new ThreadLocal<>();
  private static final int CANCELLED_TIMEOUTS_BEFORE_SWEEP = 512;
  private static final int SCRATCH_SIZE = 64 * 1024;

  private final Selector selector;
  private final ConcurrentLinkedQueue<Runnable> callbacks = new ConcurrentLinkedQueue<>();
  private final ArrayDeque<Runnable> runnable = new ArrayDeque<>();
  private final PriorityQueue<Timeout> timeouts = new PriorityQueue<>();
  private final AtomicBoolean wakeupNeeded = new AtomicBoolean();
  private final AtomicInteger addsInProgress = new AtomicInteger();
  private volatile Thread thread;
  private volatile boolean closed;
  private volatile boolean running;
  private boolean stopRequested;
  private long timeoutSequence;
  private int cancelledTimeouts;
  private Executor defaultExecutor;
  private ExecutorService ownedExecutor;
  private ByteBuffer scratch;

  /**
   * Creates a loop owned by the calling thread. It is not made current; use {@link #current()} for
   * the loop of this thread, or {@link #makeCurrent()}.
   *
   * @throws UncheckedIOException if the selector cannot be opened
   */
  public IOLoop() {
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector", e);
    }
    this.thread = Thread.currentThread();
  }

  /** The loop of the calling thread, created (and made current) if the thread has none. */
  public static IOLoop current() {
    IOLoop loop = CURRENT.get();
    if (loop == null || loop.closed) {
      loop = new IOLoop();
      CURRENT.set(loop);
    }
    return loop;
  }

  /**
   * The loop of the calling thread, or {@code null} when the thread has none and {@code create} is
   * false.
   */
  public static IOLoop current(boolean create) {
    if (create) {
      return current();
    }
    IOLoop loop = CURRENT.get();
    return loop == null || loop.closed ? null : loop;
  }

  /**
   * Tornado's old name for {@link #current()}.
   *
   * @deprecated use {@link #current()}
   */
  @Deprecated
  public static IOLoop instance() {
    return current();
  }

  /**
   * Creates a loop, starts it on a new thread of the given name, and returns it once it runs.
   * Interact with it through {@link #addCallback}; stop it with {@code
   * loop.addCallback(loop::stop)}; the thread closes the loop when it stops.
   *
   * @param daemon whether the thread is a daemon thread (a daemon loop does not keep the JVM alive)
   */
  public static IOLoop startInNewThread(String threadName, boolean daemon) {
    CompletableFuture<IOLoop> started = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              IOLoop loop;
              try {
                loop = current();
              } catch (RuntimeException | Error e) {
                started.completeExceptionally(e);
                throw e;
              }
              loop.addCallback(() -> started.complete(loop));
              try {
                loop.start();
              } finally {
                loop.close(false);
              }
            },
            threadName);
    t.setDaemon(daemon);
    t.start();
    try {
      return started.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw new IllegalStateException(
          "cannot start a loop on thread " + threadName + ": " + e.getCause(), e.getCause());
    }
  }

  /** Makes this loop the current loop of the calling thread, which becomes its owner. */
  public void makeCurrent() {
    checkNotRunningElsewhere();
    thread = Thread.currentThread();
    CURRENT.set(this);
  }

  /** The thread this loop runs on (or will run on, when not started yet). */
  public Thread thread() {
    return thread;
  }

  /** Whether the calling thread is this loop's thread. */
  public boolean inLoopThread() {
    return Thread.currentThread() == thread;
  }

  /** Whether {@link #start()} is running. Safe from any thread. */
  public boolean isRunning() {
    return running;
  }

  /** Whether {@link #close(boolean)} has been called. Safe from any thread. */
  public boolean isClosed() {
    return closed;
  }

  /** The loop's clock: monotonic nanoseconds, on the scale of {@link System#nanoTime()}. */
  public long time() {
    return System.nanoTime();
  }

  // ---------------------------------------------------------------- running

  /**
   * Runs the loop on the calling thread until {@link #stop()}. The calling thread becomes the
   * loop's thread and this loop its current loop for the duration. If {@code stop()} was called
   * before, returns at once (and clears that request).
   *
   * @throws IllegalStateException if the loop is closed or already running
   */
  public void start() {
    checkNotClosed();
    checkNotRunningElsewhere();
    thread = Thread.currentThread();
    IOLoop previous = CURRENT.get();
    CURRENT.set(this);
    running = true;
    try {
      while (!stopRequested) {
        runOnce();
      }
    } finally {
      running = false;
      stopRequested = false;
      if (previous != null) {
        CURRENT.set(previous);
      }
    }
  }

  /**
   * Asks the loop to return from {@link #start()} after the current iteration. Called before {@code
   * start()}, the next {@code start()} returns at once. Loop thread only; from elsewhere use {@code
   * loop.addCallback(loop::stop)}.
   */
  public void stop() {
    checkThread();
    stopRequested = true;
  }

  /**
   * Starts the loop, runs {@code function} on it, and stops the loop when the stage it returns
   * completes; returns its result. A {@code null} stage counts as completed with {@code null}.
   *
   * @param timeout the bound on the whole run, or {@code null} for none
   * @throws TimeoutException if the stage has not completed within {@code timeout} (the stage is
   *     cancelled when it is a {@link CompletableFuture})
   * @throws IllegalStateException "Event loop stopped before Future completed." if something
   *     stopped the loop first
   * @throws RuntimeException the stage's (or the function's) failure, as it is when unchecked (an
   *     {@link Error} too), else wrapped in a {@link CompletionException}
   */
  public <T> T runSync(Supplier<? extends CompletionStage<? extends T>> function, Duration timeout)
      throws TimeoutException {
    Objects.requireNonNull(function, "function");
    // Refuse up front what start() (or callLater, off the loop thread) would refuse, before
    // anything is queued: a refused call must not leave the function queued to run, and stop the
    // loop, later.
    checkNotClosed();
    checkNotRunningElsewhere();
    CompletableFuture<T> result = new CompletableFuture<>();
    AtomicReference<CompletionStage<? extends T>> stage = new AtomicReference<>();
    Timeout deadline = null;
    AtomicBoolean timedOut = new AtomicBoolean();
    if (timeout != null) {
      deadline =
          callLater(
              timeout,
              () -> {
                if (result.isDone()) {
                  return; // completed earlier in this iteration; its stop is queued
                }
                timedOut.set(true);
                if (stage.get() instanceof CompletableFuture) {
                  ((CompletableFuture<?>) stage.get()).cancel(false);
                }
                result.cancel(false);
                stop();
              });
    }
    // Callbacks of this run may outlive it (the stage may complete after a timeout or an early
    // stop): once start() has returned they must not run the function or stop a later run.
    AtomicBoolean over = new AtomicBoolean();
    result.whenComplete(
        (r, e) ->
            addCallback(
                () -> {
                  if (!over.get()) {
                    stop();
                  }
                }));
    addCallback(
        () -> {
          if (!over.get()) {
            startRunSyncFunction(function, stage, result);
          }
        });
    try {
      start();
    } finally {
      over.set(true);
      if (deadline != null) {
        removeTimeout(deadline);
      }
    }
    if (timedOut.get()) {
      throw new TimeoutException(
          "Operation timed out after " + timeout.toMillis() / 1000.0 + " seconds");
    }
    if (!result.isDone()) {
      throw new IllegalStateException("Event loop stopped before Future completed.");
    }
    try {
      return result.join();
    } catch (CompletionException e) {
      // join() wraps every failure, and a dependent stage's failure arrives wrapped already;
      // rethrow an unchecked cause as it is, as the Javadoc promises (Tornado re-raises).
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw e;
    }
  }

  private <T> void startRunSyncFunction(
      Supplier<? extends CompletionStage<? extends T>> function,
      AtomicReference<CompletionStage<? extends T>> started,
      CompletableFuture<T> result) {
    try {
      CompletionStage<? extends T> stage = function.get();
      started.set(stage);
      if (stage == null) {
        result.complete(null);
        return;
      }
      stage.whenComplete(
          (value, error) -> {
            if (error != null) {
              result.completeExceptionally(error);
            } else {
              result.complete(value);
            }
          });
    } catch (RuntimeException | Error e) {
      result.completeExceptionally(e);
    }
  }

  /**
   * Closes the loop: cancels every handler registration (closing the channels too when {@code
   * allChannels}), runs the callbacks that were accepted before the close, and closes the selector.
   * Idempotent. The loop must not be running.
   */
  public void close(boolean allChannels) {
    checkThread();
    if (running) {
      throw new IllegalStateException("IOLoop is running; stop it before close");
    }
    if (closed) {
      return;
    }
    closed = true;
    for (SelectionKey key : new ArrayList<>(selector.keys())) {
      // The key set still holds the keys cancelled since the last select (removeHandler): their
      // channels are no longer ours to close.
      boolean registered = key.isValid();
      key.cancel();
      if (allChannels && registered) {
        closeQuietly(key.channel());
      }
    }
    while (addsInProgress.get() > 0) {
      Thread.onSpinWait(); // an add that saw the loop open is a few instructions from queueing
    }
    drainAcceptedCallbacks();
    // Cancel rather than just drop them, so that their handles stop reporting isPending().
    timeouts.forEach(Timeout::cancel);
    timeouts.clear();
    closeQuietly(selector);
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
    if (CURRENT.get() == this) {
      CURRENT.remove();
    }
  }

  /** Runs, on close, every callback whose {@code addCallback} reported acceptance. */
  private void drainAcceptedCallbacks() {
    Runnable callback;
    while ((callback = callbacks.poll()) != null) {
      runCallback(callback);
    }
  }

  // ---------------------------------------------------------------- callbacks

  /**
   * Runs {@code callback} on the loop's thread in a later iteration. Safe from any thread; wakes
   * the loop when called from another thread. Callbacks run in the order they were added.
   *
   * @return true when the callback will run; false when the loop was closed first and the callback
   *     was dropped (a callback is never dropped silently: either it runs, or this returns false)
   */
  public boolean addCallback(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    // Announce the add before reading closed; close() sets closed, then waits for announced adds
    // to finish before it drains. So an add either sees the close and refuses, or is queued
    // before the drain: never accepted and then dropped. (Removing the entry again after seeing
    // the close could remove an equal callback another thread queued, and lose that one.)
    addsInProgress.incrementAndGet();
    try {
      if (closed) {
        return false;
      }
      callbacks.offer(callback);
    } finally {
      addsInProgress.decrementAndGet();
    }
    if (wakeupNeeded.getAndSet(false)) {
      selector.wakeup();
    }
    return true;
  }

  /**
   * How many callbacks wait for a coming iteration (queued by {@link #addCallback} and not yet
   * taken up; those the running iteration already took are not counted). Safe from any thread; it
   * walks the queue, so call it for monitoring, not per request, and read it as an estimate while
   * other threads add callbacks.
   */
  public int pendingCallbacks() {
    return callbacks.size();
  }

  /**
   * {@link Executor} face of {@link #addCallback}, so that {@code stage.thenAcceptAsync(fn, loop)}
   * runs {@code fn} on this loop.
   *
   * @throws RejectedExecutionException when the loop is closed
   */
  @Override
  public void execute(Runnable command) {
    if (!addCallback(command)) {
      throw new RejectedExecutionException("IOLoop is closed");
    }
  }

  /** Tornado's {@code spawn_callback}: the same as {@link #addCallback}. */
  public boolean spawnCallback(Runnable callback) {
    return addCallback(callback);
  }

  /**
   * Calls {@code callback} on the loop's thread once {@code future} completes, never inline. Loop
   * thread only (the completion may come from any thread). If the loop is closed by then, the
   * callback cannot run on it and is dropped (with a DEBUG line on {@code tornado.general}).
   */
  public <T> void addFuture(
      CompletionStage<T> future, BiConsumer<? super T, ? super Throwable> callback) {
    checkThread();
    Objects.requireNonNull(callback, "callback");
    future.whenComplete(
        (value, error) -> {
          if (!addCallback(() -> callback.accept(value, error))) {
            GEN_LOG.debug("{} closed before a future it watched completed; callback dropped", this);
          }
        });
  }

  /**
   * Runs {@code task} on {@code executor} (or the loop's default executor when {@code null}) and
   * returns a future that completes on the loop's thread with its result.
   *
   * @throws IllegalStateException if the loop is closed
   */
  public <T> CompletableFuture<T> runInExecutor(Executor executor, Callable<T> task) {
    checkThread();
    checkNotClosed();
    Objects.requireNonNull(task, "task");
    Executor target = executor != null ? executor : defaultExecutor();
    CompletableFuture<T> result = new CompletableFuture<>();
    target.execute(
        () -> {
          Object value;
          Throwable error = null;
          try {
            value = task.call();
          } catch (Throwable t) {
            value = null;
            error = t;
          }
          completeOnLoop(result, value, error);
        });
    return result;
  }

  @SuppressWarnings("unchecked")
  private <T> void completeOnLoop(CompletableFuture<T> result, Object value, Throwable error) {
    boolean accepted =
        addCallback(
            () -> {
              if (error != null) {
                result.completeExceptionally(error);
              } else {
                result.complete((T) value);
              }
            });
    if (!accepted) {
      result.completeExceptionally(new IllegalStateException("IOLoop closed before task finished"));
    }
  }

  /**
   * Replaces the executor that {@link #runInExecutor} uses when given {@code null}. The loop does
   * not shut down an executor it did not create.
   */
  public void setDefaultExecutor(Executor executor) {
    checkThread();
    this.defaultExecutor = Objects.requireNonNull(executor, "executor");
  }

  private Executor defaultExecutor() {
    if (defaultExecutor == null) {
      int threads = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
      ThreadPoolExecutor executor = DaemonPools.newPool("tornado-executor", threads);
      ownedExecutor = executor;
      defaultExecutor = executor;
    }
    return defaultExecutor;
  }

  /**
   * The loop's reusable direct buffer, cleared and limited to {@code size} bytes (at least 64 KiB
   * are allocated, once, and again only for a larger size), for I/O that starts and ends within one
   * call on the loop thread: a stream reads its socket into it and copies out only the bytes that
   * arrived, so the streams of a loop share one read buffer and an idle stream holds none. Loop
   * thread only (not checked: it is on the path of every socket read); the contents belong to the
   * caller until the next call.
   */
  public ByteBuffer scratchBuffer(int size) {
    if (scratch == null || scratch.capacity() < size) {
      scratch = ByteBuffer.allocateDirect(Math.max(SCRATCH_SIZE, size));
    }
    scratch.clear();
    scratch.limit(size);
    return scratch;
  }

  // ---------------------------------------------------------------- timers

  /** Runs {@code callback} once {@code delay} has passed. Loop thread only. */
  public Timeout callLater(Duration delay, Runnable callback) {
    return callAt(time() + delay.toNanos(), callback);
  }

  /**
   * Runs {@code callback} at the absolute {@code deadline} of {@link #time()}. Loop thread only.
   */
  public Timeout callAt(long deadline, Runnable callback) {
    checkThread();
    checkNotClosed();
    Timeout timeout = new Timeout(deadline, timeoutSequence++, Objects.requireNonNull(callback));
    timeouts.add(timeout);
    return timeout;
  }

  /** Tornado's {@code add_timeout} with an absolute deadline on {@link #time()}'s scale. */
  public Timeout addTimeout(long deadline, Runnable callback) {
    return callAt(deadline, callback);
  }

  /** Tornado's {@code add_timeout} with a relative deadline. */
  public Timeout addTimeout(Duration delay, Runnable callback) {
    return callLater(delay, callback);
  }

  /**
   * Cancels a pending timeout. Removing one that already ran, or was already removed, does nothing.
   */
  public void removeTimeout(Timeout timeout) {
    checkThread();
    if (timeout == null || !timeout.cancel()) {
      return;
    }
    cancelledTimeouts++;
    if (cancelledTimeouts > CANCELLED_TIMEOUTS_BEFORE_SWEEP
        && cancelledTimeouts > timeouts.size() / 2) {
      timeouts.removeIf(Timeout::isCancelled);
      cancelledTimeouts = 0;
    }
  }

  // ---------------------------------------------------------------- channels

  /** Receives the events of a channel registered with {@link #addHandler}. */
  @FunctionalInterface
  public interface Handler {
    /**
     * Called on the loop thread with the ready events ({@link #READ} and/or {@link #WRITE}).
     *
     * @param channel the registered channel
     * @param events the ready events
     */
    void handleEvents(SelectableChannel channel, int events);
  }

  /**
   * Registers {@code channel} (made non-blocking) to call {@code handler} when any of {@code
   * events} is ready. For a listening channel READ means a connection is waiting; for a channel
   * with a pending connect WRITE means the connect finished.
   *
   * @throws IllegalArgumentException if the channel is already registered with this loop
   */
  public void addHandler(SelectableChannel channel, Handler handler, int events) {
    checkThread();
    checkNotClosed();
    Objects.requireNonNull(handler, "handler");
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

  /** Changes the events {@code channel} is watched for. Unknown channels are ignored. */
  public void updateHandler(SelectableChannel channel, int events) {
    checkThread();
    SelectionKey key = channel.keyFor(selector);
    if (key != null && key.isValid()) {
      key.interestOps(interestOps(channel, events));
    }
  }

  /** Stops watching {@code channel} (without closing it). Unknown channels are ignored. */
  public void removeHandler(SelectableChannel channel) {
    checkThread();
    SelectionKey key = channel.keyFor(selector);
    if (key != null) {
      key.cancel();
    }
  }

  /** Whether {@code channel} is registered with this loop. */
  public boolean hasHandler(SelectableChannel channel) {
    checkThread();
    SelectionKey key = channel.keyFor(selector);
    return key != null && key.isValid();
  }

  private static int interestOps(SelectableChannel channel, int events) {
    int valid = channel.validOps();
    int ops = 0;
    if ((events & READ) != 0) {
      ops |= (valid & SelectionKey.OP_ACCEPT) != 0 ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ;
    }
    if ((events & WRITE) != 0) {
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

  // ---------------------------------------------------------------- one iteration

  private void runOnce() {
    runCallbacks();
    long waitNanos = nanosUntilNextTimeout();
    select(waitNanos);
    dispatchReadyKeys();
    runDueTimeouts();
  }

  /** Runs the callbacks queued before this call; those they add run next iteration. */
  private void runCallbacks() {
    Runnable callback;
    while ((callback = callbacks.poll()) != null) {
      runnable.add(callback);
    }
    while ((callback = runnable.poll()) != null) {
      runCallback(callback);
    }
  }

  private static void runCallback(Runnable callback) {
    try {
      callback.run();
    } catch (Throwable t) {
      APP_LOG.error("Exception in callback {}", callback, t);
    }
  }

  /** Nanoseconds until the earliest live timeout (0 if due), or -1 when there is none. */
  private long nanosUntilNextTimeout() {
    Timeout next;
    while ((next = timeouts.peek()) != null && next.isCancelled()) {
      timeouts.poll();
      cancelledTimeouts--;
    }
    return next == null ? -1 : Math.max(0, next.deadline() - time());
  }

  private void select(long waitNanos) {
    try {
      if (stopRequested || !callbacks.isEmpty() || waitNanos == 0) {
        selector.selectNow();
      } else {
        selectWithWakeup(waitNanos);
      }
    } catch (IOException e) {
      GEN_LOG.warn("selector failed: {}", e.toString());
    }
    // An interrupted thread makes every select return at once, which would spin the loop: the
    // loop does not use interrupts, so clear it (callers stop a loop with stop()).
    if (Thread.interrupted()) {
      GEN_LOG.debug("{} was interrupted; interrupt cleared", this);
    }
  }

  private void selectWithWakeup(long waitNanos) throws IOException {
    wakeupNeeded.set(true);
    if (!callbacks.isEmpty()) {
      selector.selectNow();
    } else if (waitNanos < 0) {
      selector.select();
    } else {
      // select(0) means "forever": round up so that a sub-millisecond wait still returns.
      selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999)));
    }
    wakeupNeeded.set(false);
  }

  private void dispatchReadyKeys() {
    if (selector.selectedKeys().isEmpty()) {
      return;
    }
    // Copy first: a handler may call selectNow (flushCancelledKeys), which edits the set.
    List<SelectionKey> ready = new ArrayList<>(selector.selectedKeys());
    selector.selectedKeys().clear();
    for (SelectionKey key : ready) {
      dispatch(key);
    }
  }

  private void dispatch(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    int ready;
    try {
      ready = key.readyOps();
    } catch (RuntimeException cancelled) {
      return;
    }
    int events = 0;
    if ((ready & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
      events |= READ;
    }
    if ((ready & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
      events |= WRITE;
    }
    Handler handler = (Handler) key.attachment();
    try {
      handler.handleEvents(key.channel(), events);
    } catch (Throwable t) {
      APP_LOG.error("Exception in I/O handler for {}", key.channel(), t);
    }
  }

  private void runDueTimeouts() {
    if (timeouts.isEmpty()) {
      return;
    }
    long now = time();
    List<Timeout> due = null;
    Timeout head;
    while ((head = timeouts.peek()) != null && (head.isCancelled() || head.deadline() <= now)) {
      timeouts.poll();
      if (head.isCancelled()) {
        cancelledTimeouts--;
        continue;
      }
      if (due == null) {
        due = new ArrayList<>();
      }
      due.add(head);
    }
    if (due != null) {
      for (Timeout timeout : due) {
        Runnable callback = timeout.fire();
        if (callback != null) {
          runCallback(callback);
        }
      }
    }
  }

  // ---------------------------------------------------------------- checks

  /**
   * Throws unless the calling thread is this loop's thread.
   *
   * @throws IllegalStateException naming both threads
   */
  public void checkThread() {
    Thread current = Thread.currentThread();
    if (current != thread) {
      throw new IllegalStateException(
          "IOLoop method called on thread '"
              + current.getName()
              + "' but the loop belongs to thread '"
              + thread.getName()
              + "'; use addCallback from other threads");
    }
  }

  private void checkNotClosed() {
    if (closed) {
      throw new IllegalStateException("IOLoop is closed");
    }
  }

  private void checkNotRunningElsewhere() {
    if (running) {
      throw new IllegalStateException("IOLoop is already running on thread " + thread.getName());
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      GEN_LOG.debug("error closing {}: {}", closeable, e.toString());
    }
  }

  @Override
  public String toString() {
    return "IOLoop[" + thread.getName() + (closed ? ", closed" : "") + "]";
  }
}
