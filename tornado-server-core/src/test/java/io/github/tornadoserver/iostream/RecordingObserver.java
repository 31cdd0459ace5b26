package io.github.tornadoserver.iostream;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link StreamObserver} that records what it is told, in order, as readable lines. */
final class RecordingObserver implements StreamObserver {
  final List<String> events = new CopyOnWriteArrayList<>();

  /** The close events only (a TLS server may finish its handshake after the pair connected). */
  List<String> closes() {
    return events.stream().filter(e -> e.startsWith("closed")).toList();
  }

  @Override
  public void handshakeFinished(IOStream stream, boolean success) {
    events.add("handshake " + (success ? "ok" : "failed"));
  }

  @Override
  public void closed(IOStream stream) {
    events.add("closed received=" + stream.bytesReceived() + " sent=" + stream.bytesSent());
  }
}
