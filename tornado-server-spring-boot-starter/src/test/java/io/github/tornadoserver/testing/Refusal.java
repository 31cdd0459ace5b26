package io.github.tornadoserver.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/** Waits, with a bound, for a server to stop taking connections. */
public final class Refusal {
  private Refusal() {}

  /**
   * Connects to {@code port} on 127.0.0.1 until a connect is refused, for {@code millis} at most;
   * whether one was. A server releases its listening socket on its loop's turn, so a few connects
   * may still complete first. A reset counts as refused: the kernel resets the connections still
   * waiting in a listener's queue when the listener closes. A connect that times out (its SYN
   * dropped because that queue is full, which a listener no longer accepting reaches) is tried
   * again.
   */
  public static boolean refusedWithin(int port, long millis) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      } catch (SocketException refusedOrReset) {
        return true;
      } catch (SocketTimeoutException queueFull) {
        continue;
      }
      Thread.onSpinWait();
    }
    return false;
  }
}
