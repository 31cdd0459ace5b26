package io.github.tornadoserver.httpserver;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.RequestStartLine;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and writes one {@code tornado.access} line, in the {@link AccessLog.Format} asked for. The
 * line is built only when the logger takes its level.
 */
final class AccessLogLine {
  private static final Logger ACCESS_LOG = LoggerFactory.getLogger(AccessLog.LOGGER);

  /** The time field of the Common Log Format, {@code [10/Oct/2000:13:55:36 -0700]}. */
  private static final DateTimeFormatter CLF_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US)
          .withZone(ZoneId.systemDefault());

  private AccessLogLine() {}

  /** What one finished request contributes to its line. */
  record Entry(
      RequestStartLine request,
      HTTPHeaders headers,
      String remoteIp,
      int status,
      long bytesSent,
      long elapsedNanos) {}

  /** Writes {@code entry} at Tornado's level for its status: INFO, WARN for 4xx, ERROR for 5xx. */
  static void log(AccessLog.Format format, Entry entry) {
    int status = entry.status();
    if (status < 400) {
      if (ACCESS_LOG.isInfoEnabled()) {
        ACCESS_LOG.info(format(format, entry));
      }
    } else if (status < 500) {
      if (ACCESS_LOG.isWarnEnabled()) {
        ACCESS_LOG.warn(format(format, entry));
      }
    } else if (ACCESS_LOG.isErrorEnabled()) {
      ACCESS_LOG.error(format(format, entry));
    }
  }

  static String format(AccessLog.Format format, Entry entry) {
    switch (format) {
      case COMMON:
        return common(entry, Instant.now()).toString();
      case COMBINED:
        return combined(entry, Instant.now());
      default:
        return tornado(entry);
    }
  }

  /** {@code 200 GET /path (127.0.0.1) 1.23ms}: Tornado's {@code "%d %s %.2fms"}. */
  static String tornado(Entry entry) {
    RequestStartLine request = entry.request();
    return entry.status()
        + " "
        + request.method()
        + " "
        + request.uri()
        + " ("
        + entry.remoteIp()
        + ") "
        + millis(entry.elapsedNanos())
        + "ms";
  }

  /** {@code ip - - [time] "METHOD uri VERSION" status bytes}; {@code now} is the line's end. */
  static StringBuilder common(Entry entry, Instant now) {
    RequestStartLine request = entry.request();
    StringBuilder line = new StringBuilder(96);
    line.append(entry.remoteIp()).append(" - - [");
    CLF_TIME.formatTo(now.minusNanos(entry.elapsedNanos()), line);
    line.append("] \"")
        .append(request.method())
        .append(' ')
        .append(request.uri())
        .append(' ')
        .append(request.version())
        .append("\" ")
        .append(entry.status())
        .append(' ');
    if (entry.bytesSent() > 0) {
      line.append(entry.bytesSent());
    } else {
      line.append('-');
    }
    return line;
  }

  /** The common line then {@code "Referer" "User-Agent"}, {@code "-"} for a missing one. */
  static String combined(Entry entry, Instant now) {
    StringBuilder line = common(entry, now);
    quoted(line.append(' '), entry.headers().getFirst("Referer"));
    quoted(line.append(' '), entry.headers().getFirst("User-Agent"));
    return line.toString();
  }

  /** A quoted field, its own quotes and backslashes escaped so the line stays parsable. */
  private static void quoted(StringBuilder line, String value) {
    line.append('"');
    if (value == null) {
      line.append('-');
    } else {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c == '"' || c == '\\') {
          line.append('\\');
        }
        line.append(c);
      }
    }
    line.append('"');
  }

  /** Milliseconds with two decimals, rounded half up, as {@code %.2f} would print them. */
  static String millis(long nanos) {
    long hundredths = (nanos + 5_000) / 10_000;
    long fraction = hundredths % 100;
    return (hundredths / 100) + (fraction < 10 ? ".0" : ".") + fraction;
  }
}
