package io.github.tornadoserver.http1connection;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.ioloop.LoopLocal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} field value (RFC 9110 §5.6.7 IMF-fixdate), formatted at most once per second per
 * loop. Off a loop's thread it is formatted on each call.
 */
final class HttpDate {
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);
  private static final LoopLocal<HttpDate> CACHE = LoopLocal.withInitial(HttpDate::new);

  private long second = Long.MIN_VALUE;
  private String value;

  private HttpDate() {}

  /** Now, as an IMF-fixdate such as {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
  static String now() {
    long nowSecond = System.currentTimeMillis() / 1000;
    IOLoop loop = IOLoop.current(false);
    if (loop == null || !loop.inLoopThread()) {
      return format(nowSecond);
    }
    return CACHE.get(loop).current(nowSecond);
  }

  static String format(long epochSecond) {
    return IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond));
  }

  private String current(long nowSecond) {
    if (nowSecond != second) {
      second = nowSecond;
      value = format(nowSecond);
    }
    return value;
  }
}
