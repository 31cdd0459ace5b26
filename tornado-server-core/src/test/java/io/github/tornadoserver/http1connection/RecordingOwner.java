package io.github.tornadoserver.http1connection;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.RejectionReason;
import io.github.tornadoserver.httputil.RequestContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A fake owner that records, in order, each call a request makes on it; {@link #requestDone} and
 * {@link #detached} also complete {@link #ended}. It closes nothing: that is the real owner's part.
 */
final class RecordingOwner implements ConnectionOwner {
  final List<String> calls = new CopyOnWriteArrayList<>();
  final CompletableFuture<String> ended = new CompletableFuture<>();
  final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final CompletableFuture<Void> busy = new CompletableFuture<>();
  private final RequestContext context;
  volatile boolean keepAliveAllowed = true;

  RecordingOwner(RequestContext context) {
    this.context = context;
  }

  /** The call that ended the request, waited for (5 s bound). */
  String awaitEnd() {
    try {
      return ended.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the request never ended; calls so far: " + calls, e);
    }
  }

  /** Waits (5 s bound) until a valid head arrived: {@link #markBusy} was called. */
  void awaitBusy() {
    try {
      busy.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("no valid head arrived; calls so far: " + calls, e);
    }
  }

  @Override
  public void armHeadDeadline() {
    calls.add("armHeadDeadline");
  }

  @Override
  public void disarmHeadDeadline() {
    calls.add("disarmHeadDeadline");
  }

  @Override
  public void markBusy() {
    calls.add("markBusy");
    busy.complete(null);
  }

  @Override
  public boolean keepAliveAllowed() {
    calls.add("keepAliveAllowed");
    return keepAliveAllowed;
  }

  @Override
  public RequestContext resolveContext(HTTPHeaders headers) {
    calls.add("resolveContext");
    return context;
  }

  @Override
  public void countRejection(RejectionReason reason) {
    calls.add("countRejection(" + reason + ")");
  }

  @Override
  public void lingerAfterRejection() {
    calls.add("lingerAfterRejection");
  }

  @Override
  public void requestDone(boolean keepAlive) {
    end("requestDone(" + keepAlive + ")");
  }

  @Override
  public void detached() {
    end("detached");
  }

  private void end(String call) {
    calls.add(call);
    ended.complete(call);
  }

  @Override
  public CompletableFuture<Void> whenClosed() {
    return closed;
  }
}
