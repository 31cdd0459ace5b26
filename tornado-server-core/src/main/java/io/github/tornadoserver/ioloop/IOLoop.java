package io.github.tornadoserver.ioloop;

import io.github.tornadoserver.internal.DaemonPools;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
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
 * blocks the calling thread and runs the loop, which is the thread's current loop until it
 * returns), stopped ({@link #stop()}: {@code start()} returns after the current iteration), and
 * closed ({@link #close(boolean)}, only when stopped). A stopped loop may be started again.
 *
 * <p>Each iteration runs the callbacks that were queued when it began, waits on the selector until
 * the next timer is due or a channel is ready, dispatches the ready channels, then runs the timers
 * that are due. An exception thrown by any callback, timer or handler, and the failure of a stage
 * returned by a callback given to {@link #addAsyncCallback}, is logged once on the {@code
 * tornado.application} logger and the loop goes on.
 *
 * <p>State that belongs to a loop rather than to a thread is kept in a {@link LoopLocal}: {@link
 * #current()} is the one thread-local.
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
  private static final Object[] NO_LOCALS = {};
  private static final int SCRATCH_SIZE = 64 * 1024;

  private final ChannelSelector selector;
  private final ConcurrentLinkedQueue<Runnable> callbacks = new ConcurrentLinkedQueue<>();

  /** Asked by each select whether it may block: made once, not once per loop iteration. */
  private final BooleanSupplier callbacksPending = () -> !callbacks.isEmpty();

  private final ArrayDeque<Runnable> runnable = new ArrayDeque<>();
  private final TimerQueue timers = new TimerQueue();
  private final AtomicInteger addsInProgress = new AtomicInteger();
  private volatile Thread thread;
  private volatile boolean closed;
  private volatile boolean running;
  private boolean stopRequested;

  /** Returns from waiting on the selector ({@link #wakeups()}); loop thread only. */
  private long wakeups;

  private Object[] locals = NO_LOCALS;
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
    this.selector = new ChannelSelector();
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
    Thread t = new Thread(() -> runUntilStopped(started), threadName);
    t.setDaemon(daemon);
    t.start();
    try {
      return started.join();
    } catch (CompletionException e) {
      throw new IllegalStateException(
          "cannot start a loop on thread " + threadName + ": " + e.getCause(), e.getCause());
    }
  }

  /** Body of a {@link #startInNewThread} thread: creates, runs, and at last closes its loop. */
  private static void runUntilStopped(CompletableFuture<IOLoop> started) {
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
  }

  /**
   * Makes this loop the current loop of the calling thread, which becomes its owner.
   *
   * @throws IllegalStateException if the loop is running
   */
  public void makeCurrent() {
    checkNotRunningElsewhere();
    thread = Thread.currentThread();
    CURRENT.set(this);
  }

  /**
   * Leaves the calling thread without a current loop (Tornado's {@code clear_current}); the next
   * {@link #current()} on it creates a new loop. The loop that was current is not closed.
   */
  public static void clearCurrent() {
    CURRENT.remove();
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

  /**
   * How many times this loop has come back from waiting on its selector. Between two such returns
   * the loop does not wait: it dispatches the ready channels, runs the due timers and then the
   * queued callbacks. So a value taken from the clock once per return is never older than the work
   * the loop did since (the {@code Date} of the responses written in one such stretch is one). Loop
   * thread only; meaningful while the loop {@linkplain #isRunning() runs}.
   */
  public long wakeups() {
    return wakeups;
  }

  // ---------------------------------------------------------------- running

  /**
   * Runs the loop on the calling thread until {@link #stop()}. The calling thread becomes the
   * loop's thread and this loop its current loop for the duration: when this returns, the loop that
   * was current before (or none) is current again. If {@code stop()} was called before, returns at
   * once (and clears that request).
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
      restoreCurrent(previous);
    }
  }

  private static void restoreCurrent(IOLoop previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
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
    return new SyncRun<T>(this, function).run(timeout);
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
    selector.cancelAll(allChannels);
    while (addsInProgress.get() > 0) {
      Thread.onSpinWait(); // an add that saw the loop open is a few instructions from queueing
    }
    drainAcceptedCallbacks();
    timers.cancelAll();
    selector.close();
    locals = NO_LOCALS;
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
    selector.wakeUpIfWaiting();
    return true;
  }

  /**
   * Runs {@code callback} on the loop's thread in a later iteration, as {@link #addCallback} does
   * (and, like it, safe from any thread), then watches the stage it returns: if that stage fails,
   * the failure is logged once on {@code tornado.application} (a cancellation is not a failure).
   * Tornado's {@code add_callback} given a coroutine. A {@code null} stage is not watched.
   *
   * <p>A separate name rather than an overload of {@code addCallback}, so that a lambda such as
   * {@code () -> stream.write(data)} means one thing only.
   *
   * @return as {@link #addCallback}
   */
  public boolean addAsyncCallback(Supplier<? extends CompletionStage<?>> callback) {
    Objects.requireNonNull(callback, "callback");
    return addCallback(new AsyncCallback(callback));
  }

  /** An async callback as a {@code Runnable}, shown in logs as the function it runs. */
  private static final class AsyncCallback implements Runnable {
    private final Supplier<? extends CompletionStage<?>> function;

    AsyncCallback(Supplier<? extends CompletionStage<?>> function) {
      this.function = function;
    }

    @Override
    public void run() {
      logIfFails(function.get(), function);
    }

    @Override
    public String toString() {
      return function.toString();
    }
  }

  /**
   * Logs the failure of {@code stage}, if it fails, once on {@code tornado.application}, naming
   * {@code callback}; a cancellation is not logged. Called from any thread.
   */
  static void logIfFails(CompletionStage<?> stage, Object callback) {
    if (stage == null) {
      return;
    }
    stage.whenComplete(
        (value, error) -> {
          Throwable cause = unwrap(error);
          if (cause != null && !(cause instanceof CancellationException)) {
            APP_LOG.error("Exception in callback {}", callback, cause);
          }
        });
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
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
    return timers.add(deadline, Objects.requireNonNull(callback, "callback"));
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
    timers.cancel(timeout);
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
    selector.register(channel, handler, events);
  }

  /** Changes the events {@code channel} is watched for. Unknown channels are ignored. */
  public void updateHandler(SelectableChannel channel, int events) {
    checkThread();
    selector.update(channel, events);
  }

  /** Stops watching {@code channel} (without closing it). Unknown channels are ignored. */
  public void removeHandler(SelectableChannel channel) {
    checkThread();
    selector.remove(channel);
  }

  /** Whether {@code channel} is registered with this loop. */
  public boolean hasHandler(SelectableChannel channel) {
    checkThread();
    return selector.isRegistered(channel);
  }

  // ---------------------------------------------------------------- loop-local values

  Object localValue(int index) {
    checkThread();
    return index < locals.length ? locals[index] : null;
  }

  void setLocalValue(int index, Object value) {
    checkThread();
    checkNotClosed();
    if (index >= locals.length) {
      locals = Arrays.copyOf(locals, Math.max(index + 1, locals.length * 2));
    }
    locals[index] = value;
  }

  // ---------------------------------------------------------------- one iteration

  private void runOnce() {
    runCallbacks();
    select();
    wakeups++;
    selector.dispatchReadyKeys();
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

  /** Waits until the next timer is due, a channel is ready or a callback is added. */
  private void select() {
    selector.select(stopRequested ? 0 : nanosUntilNextTimeout(), callbacksPending);
    // An interrupted thread makes every select return at once, which would spin the loop: the
    // loop does not use interrupts, so clear it (callers stop a loop with stop()).
    if (Thread.interrupted()) {
      GEN_LOG.debug("{} was interrupted; interrupt cleared", this);
    }
  }

  /** Nanoseconds until the earliest live timeout (0 if due), or -1 when there is none. */
  private long nanosUntilNextTimeout() {
    Timeout next = timers.next();
    return next == null ? -1 : Math.max(0, next.deadline() - time());
  }

  private void runDueTimeouts() {
    List<Timeout> due = timers.takeDue(time());
    if (due == null) {
      return;
    }
    for (Timeout timeout : due) {
      Runnable callback = timeout.fire();
      if (callback != null) {
        runCallback(callback);
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

  static void closeQuietly(AutoCloseable closeable) {
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
