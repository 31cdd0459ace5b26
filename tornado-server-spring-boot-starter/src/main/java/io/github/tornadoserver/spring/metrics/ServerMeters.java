package io.github.tornadoserver.spring.metrics;

import io.github.tornadoserver.httputil.RejectionReason;
import io.github.tornadoserver.tcpserver.ServerListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code tornado.server.*} meters of one server, every one tagged {@code server} with its name
 * ({@code http} or {@code tcp}), fed by the server's {@link ServerListener} and, for HTTP, its
 * request-rejection listener. Bytes are counted per connection when it ends. Thread-safe: a server
 * on several loops reports from all of them.
 */
final class ServerMeters implements ServerListener {
  private final MeterRegistry registry;
  private final Tags tags;
  private final AtomicInteger active = new AtomicInteger();
  private final Counter accepted;
  private final Timer duration;
  private final Counter bytesReceived;
  private final Counter bytesSent;
  private final Counter handshakesSucceeded;
  private final Counter handshakesFailed;
  private final Map<String, Counter> connectionRejections = new ConcurrentHashMap<>();
  private final Map<String, Counter> requestRejections = new ConcurrentHashMap<>();

  ServerMeters(MeterRegistry registry, String server) {
    this.registry = registry;
    this.tags = Tags.of("server", server);
    Gauge.builder("tornado.server.connections.active", active, AtomicInteger::get)
        .tags(tags)
        .description("Connections open now")
        .baseUnit("connections")
        .strongReference(true)
        .register(registry);
    accepted =
        counter("tornado.server.connections.accepted", "connections", "Connections accepted");
    duration =
        Timer.builder("tornado.server.connections.duration")
            .tags(tags)
            .description("How long connections stayed open")
            .register(registry);
    bytesReceived =
        counter("tornado.server.bytes.received", "bytes", "Bytes read, per ended connection");
    bytesSent =
        counter("tornado.server.bytes.sent", "bytes", "Bytes written, per ended connection");
    handshakesSucceeded = handshakes("success");
    handshakesFailed = handshakes("failure");
  }

  private Counter counter(String name, String unit, String description) {
    return Counter.builder(name)
        .tags(tags)
        .baseUnit(unit)
        .description(description)
        .register(registry);
  }

  private Counter handshakes(String result) {
    return Counter.builder("tornado.server.tls.handshakes")
        .tags(tags.and("result", result))
        .description("TLS handshakes that ended, by result")
        .register(registry);
  }

  @Override
  public void connectionAccepted() {
    active.incrementAndGet();
    accepted.increment();
  }

  @Override
  public void connectionClosed(long durationNanos, long received, long sent) {
    // The gauge drops last: whoever sees the connection gone also sees its bytes and duration.
    duration.record(durationNanos, TimeUnit.NANOSECONDS);
    bytesReceived.increment(received);
    bytesSent.increment(sent);
    active.decrementAndGet();
  }

  @Override
  public void connectionRejected(String reason) {
    rejection(connectionRejections, "tornado.server.connections.rejected", reason).increment();
  }

  @Override
  public void tlsHandshakeFinished(boolean success) {
    (success ? handshakesSucceeded : handshakesFailed).increment();
  }

  /** Counts a refused request, tagged with its reason's {@link RejectionReason#tag()}. */
  void requestRejected(RejectionReason reason) {
    rejection(requestRejections, "tornado.server.requests.rejected", reason.tag()).increment();
  }

  private Counter rejection(Map<String, Counter> cache, String name, String reason) {
    return cache.computeIfAbsent(
        reason,
        r ->
            Counter.builder(name)
                .tags(tags.and("reason", r))
                .description("Refusals, by reason")
                .register(registry));
  }
}
