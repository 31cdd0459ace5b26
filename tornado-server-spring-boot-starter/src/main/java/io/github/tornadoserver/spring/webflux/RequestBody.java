package io.github.tornadoserver.spring.webflux;

import io.github.tornadoserver.ioloop.IOLoop;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * The body of one request as a {@link Publisher} of {@link DataBuffer}s, read from the socket only
 * as fast as its one subscriber asks: {@link #chunk} returns a stage that completes at the next
 * demand, and the connection reads nothing more until then. At most one chunk waits here for
 * demand, so a slow application holds at most {@code chunkSize} bytes of the body.
 *
 * <p>Lifecycle: chunks arrive through {@link #chunk}, then {@link #end} once (the body was read, or
 * the connection closed first). A subscriber that cancels, and the end of the exchange ({@link
 * #discard}), turn the rest of the body into bytes read and dropped. A second subscriber is refused
 * with an error.
 *
 * <p>Threading: the connection's calls come on its loop thread; a subscriber's {@code request} and
 * {@code cancel} may come from any thread and are moved onto the loop, where every field lives.
 */
final class RequestBody implements Publisher<DataBuffer> {
  private final IOLoop loop;
  private final DataBufferFactory buffers;
  private final CompletableFuture<Void> wanted = new CompletableFuture<>();
  private Subscriber<? super DataBuffer> subscriber;
  private long demand;
  private DataBuffer held;
  private CompletableFuture<Void> resume;
  private boolean ended;
  private Throwable failure;
  private boolean dropping;
  private boolean terminated;

  RequestBody(IOLoop loop, DataBufferFactory buffers) {
    this.loop = loop;
    this.buffers = buffers;
  }

  /**
   * Completes once the body is first asked for, or is no longer wanted: the connection starts
   * reading it (and, for {@code Expect: 100-continue}, sends {@code 100 Continue}) only then.
   */
  CompletionStage<Void> wanted() {
    return wanted;
  }

  @Override
  public void subscribe(Subscriber<? super DataBuffer> s) {
    LoopThread.run(loop, () -> attach(s));
  }

  private void attach(Subscriber<? super DataBuffer> s) {
    if (subscriber != null || dropping) {
      s.onSubscribe(NoSubscription.INSTANCE);
      s.onError(new IllegalStateException("the request body can be read only once"));
      return;
    }
    subscriber = s;
    s.onSubscribe(new BodySubscription());
    if (ended && held == null) {
      terminate();
    }
  }

  /**
   * A piece of the body, valid only during the call: copied and handed on if there is demand, else
   * held. Returns null to go on reading, or a stage that completes at the next demand.
   */
  CompletionStage<?> chunk(ByteBuffer piece) {
    if (dropping) {
      return null;
    }
    DataBuffer buffer = buffers.allocateBuffer(piece.remaining());
    buffer.write(piece);
    if (demand > 0) {
      deliver(buffer);
    } else {
      held = buffer;
    }
    if (demand > 0) {
      return null;
    }
    resume = new CompletableFuture<>();
    return resume;
  }

  /** The body ended: read whole ({@code failure} null) or cut by the connection closing. */
  void end(Throwable failure) {
    if (ended) {
      return;
    }
    ended = true;
    this.failure = failure;
    if (held == null || failure != null) {
      release();
      terminate();
    }
  }

  /** The exchange ended: whatever is left of the body is read and dropped. */
  void discard() {
    dropping = true;
    release();
    wanted.complete(null);
    resumeReading();
  }

  private void request(long n) {
    if (terminated || dropping) {
      return;
    }
    if (n <= 0) {
      failure = new IllegalArgumentException("request(" + n + ") (expected: > 0), rule 3.9");
      cancel();
      subscriber.onError(failure);
      return;
    }
    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
    wanted.complete(null);
    if (held != null) {
      DataBuffer next = held;
      held = null;
      deliver(next);
    }
    if (ended && held == null) {
      terminate();
    } else if (demand > 0) {
      resumeReading();
    }
  }

  private void cancel() {
    terminated = true;
    discard();
  }

  private void deliver(DataBuffer buffer) {
    demand--;
    subscriber.onNext(buffer);
  }

  private void resumeReading() {
    CompletableFuture<Void> waiting = resume;
    resume = null;
    if (waiting != null) {
      waiting.complete(null);
    }
  }

  private void release() {
    if (held != null) {
      DataBufferUtils.release(held);
      held = null;
    }
  }

  private void terminate() {
    if (subscriber == null || terminated) {
      return;
    }
    terminated = true;
    if (failure != null) {
      subscriber.onError(failure);
    } else {
      subscriber.onComplete();
    }
  }

  private final class BodySubscription implements Subscription {
    @Override
    public void request(long n) {
      LoopThread.run(loop, () -> RequestBody.this.request(n));
    }

    @Override
    public void cancel() {
      LoopThread.run(loop, RequestBody.this::cancel);
    }
  }

  private enum NoSubscription implements Subscription {
    INSTANCE;

    @Override
    public void request(long n) {}

    @Override
    public void cancel() {}
  }
}
