package io.github.tornadoserver.iostream;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.ioloop.LoopLocal;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Buffers waiting to be written and the futures of the writes that queued them. Each future is
 * tagged with the total byte count queued up to and including its write, and completes once the
 * written total reaches that mark. Buffers are kept by reference, not copied.
 */
final class WriteQueue {
  /** How many buffers one gathering write passes to the channel at the most. */
  static final int MAX_GATHER = 64;

  /**
   * The gather array of each loop: a gathering write fills it, writes and clears it within one call
   * on the loop thread, so the queues of a loop share one (each keeps only a reference to it).
   */
  private static final LoopLocal<ByteBuffer[]> GATHER =
      LoopLocal.withInitial(() -> new ByteBuffer[MAX_GATHER]);

  // Small to start with: an idle keep-alive connection keeps these; they grow under pipelining.
  private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>(4);
  private final ArrayDeque<Mark> marks = new ArrayDeque<>(4);
  private ByteBuffer[] gather;
  private int gatherCount;
  private long queued;
  private long written;

  private record Mark(long total, CompletableFuture<Void> future) {}

  /** Bytes queued and not yet written. */
  long pendingBytes() {
    return queued - written;
  }

  boolean hasData() {
    return !buffers.isEmpty();
  }

  /** Why {@code data} may not be queued under {@code limit} (0: none), or null when it may. */
  StreamBufferFullException refusal(ByteBuffer data, long limit) {
    long pending = pendingBytes();
    if (limit <= 0 || pending + data.remaining() <= limit) {
      return null;
    }
    return new StreamBufferFullException(
        "write of "
            + data.remaining()
            + " bytes with "
            + pending
            + " already buffered exceeds maxWriteBufferSize "
            + limit);
  }

  /** Queues {@code data} (may be empty) and returns the future of this write. */
  CompletableFuture<Void> add(ByteBuffer data) {
    if (data.hasRemaining()) {
      buffers.add(data);
      queued += data.remaining();
    }
    CompletableFuture<Void> future = new CompletableFuture<>();
    marks.add(new Mark(queued, future));
    return future;
  }

  /**
   * Fills and returns the gather array of {@code loop}; {@link #gatherCount()} tells how many are
   * set. Loop thread only; {@link #consumed} must follow within the same call.
   */
  ByteBuffer[] gather(IOLoop loop) {
    if (gather == null) {
      // The loop's shared array, looked up once: a queue stays on its stream's loop.
      gather = GATHER.get(loop);
    }
    int i = 0;
    for (ByteBuffer buffer : buffers) {
      if (i == MAX_GATHER) {
        break;
      }
      gather[i++] = buffer;
    }
    gatherCount = i;
    return gather;
  }

  int gatherCount() {
    return gatherCount;
  }

  /** Records that {@code n} bytes left the head of the queue. */
  void consumed(long n) {
    written += n;
    ByteBuffer head;
    while ((head = buffers.peek()) != null && !head.hasRemaining()) {
      buffers.poll();
    }
    releaseGather();
  }

  /** Clears the loop's gather array of this queue's buffers. */
  private void releaseGather() {
    if (gather != null) {
      Arrays.fill(gather, 0, gatherCount, null);
      gatherCount = 0;
    }
  }

  /** Removes and returns the next future whose write is complete, or null. */
  CompletableFuture<Void> pollCompleted() {
    Mark mark = marks.peek();
    if (mark == null || mark.total() > written) {
      return null;
    }
    marks.poll();
    return mark.future();
  }

  /** Empties the queue and returns the futures still waiting, in order. */
  ArrayDeque<CompletableFuture<Void>> clear() {
    ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
    for (Mark mark : marks) {
      waiting.add(mark.future());
    }
    marks.clear();
    buffers.clear();
    releaseGather();
    written = queued;
    return waiting;
  }
}
