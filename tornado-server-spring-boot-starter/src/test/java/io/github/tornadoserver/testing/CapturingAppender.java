package io.github.tornadoserver.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every log event of the running test so that {@link LogCapture} can judge them. */
public final class CapturingAppender extends AppenderBase<ILoggingEvent> {
  static final List<ILoggingEvent> EVENTS = new CopyOnWriteArrayList<>();

  @Override
  protected void append(ILoggingEvent event) {
    event.prepareForDeferredProcessing();
    EVENTS.add(event);
  }
}
