package io.github.tornadoserver.http1connection;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.ioloop.LoopLocal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The {@code Date} field value (RFC 9110 §5.6.7 IMF-fixdate), formatted at most once per second per
 * loop, its clock read at most once per wakeup of the loop ({@link #fieldLineOn}). Off a loop's
 * thread it is formatted on each call.
 */
final class HttpDate {
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);
  private static final LoopLocal<HttpDate> CACHE =
      LoopLocal.withInitial(() -> new HttpDate(System::currentTimeMillis));

  private static final byte[] PREFIX = "Date: ".getBytes(StandardCharsets.ISO_8859_1);

  private final LongSupplier millisClock;
  private long second = Long.MIN_VALUE;
  private String value;
  private byte[] field;

  /** The loop's {@link IOLoop#wakeups()} when {@link #field} was last checked, or -1. */
  private long checkedAtWakeup = -1;

  /**
   * @param millisClock milliseconds since the epoch ({@link System#currentTimeMillis()})
   */
  HttpDate(LongSupplier millisClock) {
    this.millisClock = millisClock;
  }

  /** Now, as an IMF-fixdate such as {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
  static String now() {
    long nowSecond = System.currentTimeMillis() / 1000;
    IOLoop loop = IOLoop.current(false);
    if (loop == null || !loop.inLoopThread()) {
      return format(nowSecond);
    }
    return CACHE.get(loop).current(nowSecond);
  }

  /**
   * The whole field line for now, {@code Date: <IMF-fixdate>\r\n}, as bytes: cached with the value,
   * so a response copies it instead of encoding 29 characters each time. Cached on {@code loop}
   * when called on its thread, formatted anew elsewhere.
   */
  static byte[] fieldLine(IOLoop loop) {
    if (!loop.inLoopThread()) {
      return line(format(System.currentTimeMillis() / 1000));
    }
    return CACHE.get(loop).fieldLineOn(loop);
  }

  /**
   * The field line cached here, for {@code loop} (called on its thread). While the loop runs, the
   * clock is read once per {@linkplain IOLoop#wakeups() wakeup}: responses written together (a
   * pipelined batch, or several connections ready at once) share one read, and none carries a date
   * older than the loop's work since it last waited.
   */
  byte[] fieldLineOn(IOLoop loop) {
    long wakeup = loop.wakeups();
    if (wakeup != checkedAtWakeup || !loop.isRunning()) {
      current(millisClock.getAsLong() / 1000);
      checkedAtWakeup = wakeup;
    }
    return field;
  }

  private static byte[] line(String value) {
    byte[] text = value.getBytes(StandardCharsets.ISO_8859_1);
    byte[] line = new byte[PREFIX.length + text.length + 2];
    System.arraycopy(PREFIX, 0, line, 0, PREFIX.length);
    System.arraycopy(text, 0, line, PREFIX.length, text.length);
    line[line.length - 2] = '\r';
    line[line.length - 1] = '\n';
    return line;
  }

  static String format(long epochSecond) {
    return IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond));
  }

  private String current(long nowSecond) {
    if (nowSecond != second) {
      second = nowSecond;
      value = format(nowSecond);
      field = line(value);
    }
    return value;
  }
}
