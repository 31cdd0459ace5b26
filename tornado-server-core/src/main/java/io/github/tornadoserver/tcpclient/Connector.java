package io.github.tornadoserver.tcpclient;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.ioloop.Timeout;
import io.github.tornadoserver.iostream.StreamClosedException;
import io.github.tornadoserver.netutil.NetUtil;
import io.github.tornadoserver.netutil.ResolvedAddress;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * "Happy Eyeballs" over a list of resolved addresses, as Tornado's {@code _Connector} does it (RFC
 * 8305 in outline): the addresses of the first answer's family are the primary queue, the others
 * the secondary queue. One attempt per queue is in flight at a time, in the resolver's order. The
 * secondary queue starts when the primary has not connected after {@code secondaryDelay}, or at
 * once when a primary attempt fails. The first attempt to connect wins; every other attempt in
 * flight is closed, and one that connects later is closed too.
 *
 * <p>Lifecycle: created, {@link #start()}ed once, then finished by a winner, by running out of
 * addresses (the future fails with a {@link ConnectException} naming every address tried), or by
 * {@link #abort()}. Loop thread only.
 *
 * @param <T> what an attempt produces (an {@code IOStream}; a stand-in in tests)
 */
final class Connector<T> {
  /** Starts one connection attempt. */
  @FunctionalInterface
  interface Dialer<T> {
    /** Begins connecting to {@code address}; a synchronous failure counts as a failed attempt. */
    Attempt<T> dial(ResolvedAddress address) throws IOException;
  }

  /** One attempt in flight: its outcome, and how to close it whatever state it is in. */
  record Attempt<T>(CompletableFuture<T> connected, Runnable close) {}

  private final IOLoop loop;
  private final String target;
  private final Duration secondaryDelay;
  private final Dialer<T> dialer;
  private final Deque<ResolvedAddress> primary = new ArrayDeque<>();
  private final Deque<ResolvedAddress> secondary = new ArrayDeque<>();
  private final List<Attempt<T>> inFlight = new ArrayList<>();
  private final List<Throwable> errors = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private Timeout secondaryTimer;
  private boolean secondaryStarted;
  private boolean finished;

  /**
   * @param target {@code host:port}, for the failure message
   * @param addresses never empty
   */
  Connector(
      IOLoop loop,
      String target,
      List<ResolvedAddress> addresses,
      Duration secondaryDelay,
      Dialer<T> dialer) {
    this.loop = loop;
    this.target = target;
    this.secondaryDelay = secondaryDelay;
    this.dialer = dialer;
    for (ResolvedAddress address : addresses) {
      (address.family() == addresses.get(0).family() ? primary : secondary).add(address);
    }
  }

  /** Starts the primary queue and the secondary timer; the future completes on the loop thread. */
  CompletableFuture<T> start() {
    if (!secondary.isEmpty()) {
      secondaryTimer = loop.callLater(secondaryDelay, this::startSecondary);
    }
    tryNext(primary);
    return result;
  }

  /** Closes every attempt in flight and stops; the future is left to the caller. */
  void abort() {
    finish();
  }

  private void startSecondary() {
    if (secondaryStarted || finished) {
      return;
    }
    secondaryStarted = true;
    cancelTimer();
    tryNext(secondary);
  }

  private void tryNext(Deque<ResolvedAddress> queue) {
    if (finished) {
      return;
    }
    ResolvedAddress address = queue.poll();
    if (address == null) {
      failIfExhausted();
      return;
    }
    Attempt<T> attempt;
    try {
      attempt = dialer.dial(address);
    } catch (IOException | RuntimeException e) {
      attemptFailed(queue, address, e);
      return;
    }
    inFlight.add(attempt);
    attempt
        .connected()
        .whenComplete(
            (value, error) -> {
              inFlight.remove(attempt);
              if (error == null) {
                attemptConnected(attempt, value);
              } else {
                attemptFailed(queue, address, error);
              }
            });
  }

  private void attemptConnected(Attempt<T> attempt, T value) {
    if (finished) {
      attempt.close().run(); // connected after another attempt won, or after the abort
      return;
    }
    finish();
    result.complete(value);
  }

  private void attemptFailed(Deque<ResolvedAddress> queue, ResolvedAddress address, Throwable e) {
    if (finished) {
      return; // closed because another attempt won
    }
    Throwable error = realError(e);
    errors.add(error);
    failures.add(describe(address) + " " + reason(error));
    if (queue == primary) {
      startSecondary(); // a failed primary: no reason to wait for the delay (Tornado does the same)
    }
    tryNext(queue);
  }

  private void failIfExhausted() {
    if (finished || !inFlight.isEmpty() || !primary.isEmpty() || !secondary.isEmpty()) {
      return;
    }
    finish();
    ConnectException failure =
        new ConnectException("cannot connect to " + target + ": " + String.join("; ", failures));
    if (!errors.isEmpty()) {
      failure.initCause(errors.get(errors.size() - 1));
      errors.subList(0, errors.size() - 1).forEach(failure::addSuppressed);
    }
    result.completeExceptionally(failure);
  }

  /** Marks the race over and closes the attempts still in flight. */
  private void finish() {
    finished = true;
    cancelTimer();
    primary.clear();
    secondary.clear();
    List<Attempt<T>> losers = new ArrayList<>(inFlight);
    inFlight.clear();
    for (Attempt<T> loser : losers) {
      loser.close().run();
    }
  }

  private void cancelTimer() {
    if (secondaryTimer != null) {
      loop.removeTimeout(secondaryTimer);
      secondaryTimer = null;
    }
  }

  /** The error under the wrappers: a stream that closed while connecting holds the real one. */
  private static Throwable realError(Throwable e) {
    Throwable error = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (error instanceof StreamClosedException && error.getCause() != null) {
      return error.getCause();
    }
    return error;
  }

  private static String reason(Throwable error) {
    return error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
  }

  /** {@code 127.0.0.1:80} or {@code [::1]:80}. */
  static String describe(ResolvedAddress address) {
    InetSocketAddress socket = address.address();
    String ip = NetUtil.ipString(socket.getAddress());
    return (socket.getAddress() instanceof Inet6Address ? "[" + ip + "]" : ip)
        + ":"
        + socket.getPort();
  }
}
