package io.github.tornadoserver.spring.webflux;

import io.github.tornadoserver.httputil.HTTPOutputException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.MonoSink;

/**
 * Writes a response body {@link Publisher} to the connection one buffer at a time: it asks for the
 * next buffer only once the previous one reached the kernel, so a slow reader holds the application
 * back instead of filling the server's memory. Completes {@code sink} once the response finished,
 * or fails it when the body or the connection fails; cancelling the sink cancels the body.
 *
 * <p>Threading: the publisher may signal on any thread; each buffer is written on the exchange's
 * loop thread.
 */
final class BodyWriter implements Subscriber<DataBuffer> {
  /** Buffers written in a row before the loop serves its other connections. */
  private static final int BATCH = 16;

  private final WebFluxExchange exchange;
  private final MonoSink<Void> sink;
  private final AtomicInteger queued = new AtomicInteger();
  private volatile Subscription subscription;
  private boolean requesting;
  private boolean requestAgain;

  BodyWriter(WebFluxExchange exchange, MonoSink<Void> sink) {
    this.exchange = exchange;
    this.sink = sink;
  }

  void start(Publisher<? extends DataBuffer> body) {
    sink.onCancel(this::cancel);
    body.subscribe(this);
  }

  @Override
  public void onSubscribe(Subscription s) {
    subscription = s;
    signal(() -> exchange.bodyStarted(this));
    s.request(1);
  }

  @Override
  public void onNext(DataBuffer buffer) {
    signal(() -> write(buffer));
  }

  private void write(DataBuffer buffer) {
    if (exchange.ended()) {
      DataBufferUtils.release(buffer);
      return;
    }
    CompletableFuture<Void> written = null;
    try (DataBuffer.ByteBufferIterator pieces = buffer.readableByteBuffers()) {
      while (pieces.hasNext()) {
        written = exchange.writeChunk(pieces.next());
      }
    }
    if (written == null) {
      written = exchange.writeChunk(ByteBuffer.allocate(0));
    }
    written.whenComplete((v, error) -> afterWrite(buffer, error));
  }

  private void afterWrite(DataBuffer buffer, Throwable error) {
    DataBufferUtils.release(buffer);
    if (error != null) {
      cancel();
      exchange.writeFailed(error);
      // A refused head or a broken Content-Length is the application's error (logged by the
      // exchange); any other failed write is a client that left.
      boolean applications =
          error instanceof HTTPOutputException || error instanceof IllegalArgumentException;
      sink.error(applications ? error : WebFluxExchange.clientLeft(error));
    } else {
      requestNext();
    }
  }

  /**
   * Asks for the next buffer. A write that reaches the kernel at once completes inside the call
   * that made it, so asking from there would nest one call per buffer; instead the outermost call
   * asks again in a loop, and after {@link #BATCH} buffers in a row it lets the loop serve its
   * other connections first. Loop thread.
   */
  private void requestNext() {
    if (requesting) {
      requestAgain = true;
      return;
    }
    requesting = true;
    try {
      int asked = 0;
      do {
        requestAgain = false;
        if (++asked > BATCH) {
          exchange.onLoopLater(this::requestNext);
          return;
        }
        subscription.request(1);
      } while (requestAgain);
    } finally {
      requesting = false;
    }
  }

  @Override
  public void onError(Throwable error) {
    signal(() -> sink.error(error));
  }

  @Override
  public void onComplete() {
    signal(
        () ->
            exchange
                .finishResponse()
                .whenComplete(
                    (v, error) -> {
                      if (error != null) {
                        sink.error(error);
                      } else {
                        sink.success();
                      }
                    }));
  }

  /**
   * Runs a signal of the publisher on the loop, in the order the signals came: directly when it
   * came on the loop and nothing is queued before it.
   */
  private void signal(Runnable action) {
    if (queued.get() == 0 && exchange.inLoopThread()) {
      action.run();
      return;
    }
    queued.incrementAndGet();
    exchange.onLoop(
        () -> {
          queued.decrementAndGet();
          action.run();
        });
  }

  /** Stops the body: the publisher is cancelled, nothing more is written. */
  void cancel() {
    Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }
}
