package io.github.tornadoserver.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The strict harness: a test fails when anything logs at WARN or ERROR that the test did not
 * declare with {@link #expect}. Registered for every test through extension auto-detection.
 *
 * <p>Tests read what was logged with {@link #events()} and declare expected warnings with {@link
 * #expect(String, Level, String)}.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {
  private static final List<Predicate<ILoggingEvent>> EXPECTED = new ArrayList<>();

  @Override
  public void beforeEach(ExtensionContext context) {
    CapturingAppender.EVENTS.clear();
    synchronized (EXPECTED) {
      EXPECTED.clear();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    List<ILoggingEvent> unexpected =
        CapturingAppender.EVENTS.stream()
            .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
            .filter(e -> !isExpected(e))
            .collect(Collectors.toList());
    CapturingAppender.EVENTS.clear();
    if (!unexpected.isEmpty() && context.getExecutionException().isEmpty()) {
      throw new AssertionError(
          "unexpected WARN/ERROR log lines:\n"
              + unexpected.stream()
                  .map(
                      e -> e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage())
                  .collect(Collectors.joining("\n")));
    }
  }

  /**
   * Declares that the current test expects log lines of {@code level} or lower on {@code logger}
   * whose message contains {@code fragment}.
   */
  public static void expect(String logger, Level level, String fragment) {
    synchronized (EXPECTED) {
      EXPECTED.add(
          e ->
              e.getLoggerName().equals(logger)
                  && level.isGreaterOrEqual(e.getLevel())
                  && e.getFormattedMessage().contains(fragment));
    }
  }

  /** Every event logged so far in the current test. */
  public static List<ILoggingEvent> events() {
    return List.copyOf(CapturingAppender.EVENTS);
  }

  /** The formatted messages logged so far on {@code logger} at exactly {@code level}. */
  public static List<String> messages(String logger, Level level) {
    return CapturingAppender.EVENTS.stream()
        .filter(e -> e.getLoggerName().equals(logger) && e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .collect(Collectors.toList());
  }

  private static boolean isExpected(ILoggingEvent event) {
    synchronized (EXPECTED) {
      return EXPECTED.stream().anyMatch(p -> p.test(event));
    }
  }
}
