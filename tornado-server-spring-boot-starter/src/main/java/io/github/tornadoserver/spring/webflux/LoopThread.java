package io.github.tornadoserver.spring.webflux;

import io.github.tornadoserver.ioloop.IOLoop;

/** Runs an exchange's steps on its loop thread, whichever thread a reactive signal came from. */
final class LoopThread {
  private LoopThread() {}

  /**
   * Runs {@code action} now when called on {@code loop}'s thread, else queues it there. An action
   * queued on a loop that already closed is dropped: its connection is gone with it.
   */
  static void run(IOLoop loop, Runnable action) {
    if (loop.inLoopThread()) {
      action.run();
    } else {
      loop.addCallback(action);
    }
  }
}
