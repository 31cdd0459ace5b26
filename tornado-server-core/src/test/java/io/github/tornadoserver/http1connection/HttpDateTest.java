package io.github.tornadoserver.http1connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.testing.Loops;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class HttpDateTest {

  @Test
  void formatsAnImfFixdate() {
    assertThat(HttpDate.format(784111777)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
  }

  @Test
  void nowOnALoopIsTheCurrentSecond() {
    IOLoop loop = IOLoop.startInNewThread("date-loop", true);
    try {
      assertCurrent(Loops.call(loop, HttpDate::now));
      String first = Loops.call(loop, HttpDate::now);
      String again = Loops.call(loop, HttpDate::now);
      assertThat(again).isIn(first, HttpDate.format(parse(first).toEpochSecond() + 1));
    } finally {
      Loops.stop(loop);
    }
  }

  @Test
  void nowOffALoopIsFormattedOnTheSpot() {
    assertCurrent(HttpDate.now());
  }

  private static void assertCurrent(String date) {
    long second = parse(date).toEpochSecond();
    long now = System.currentTimeMillis() / 1000;
    assertThat(second).isBetween(now - 5, now);
  }

  private static ZonedDateTime parse(String date) {
    return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME);
  }

  @Test
  void theFieldLineIsTheCachedValueAsBytesWithItsNameAndCrlf() {
    IOLoop loop = IOLoop.startInNewThread("date-line-loop", true);
    try {
      byte[] first = Loops.call(loop, () -> HttpDate.fieldLine(loop));
      String line = new String(first, StandardCharsets.ISO_8859_1);
      assertThat(line).startsWith("Date: ").endsWith(" GMT\r\n").hasSize(6 + 29 + 2);
      assertCurrent(line.substring(6, 6 + 29));
      byte[] again = Loops.call(loop, () -> HttpDate.fieldLine(loop));
      if (new String(again, StandardCharsets.ISO_8859_1).equals(line)) {
        assertThat(again).isSameAs(first); // the same second: the cached array itself
      }
    } finally {
      Loops.stop(loop);
    }
  }

  /**
   * A clock that answers 784111777 s and then one second more on each read, and counts its reads.
   */
  private static final class SteppingClock implements LongSupplier {
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public long getAsLong() {
      return (784111777L + reads.getAndIncrement()) * 1000;
    }
  }

  private static String text(byte[] line) {
    return new String(line, StandardCharsets.ISO_8859_1);
  }

  @Test
  void theClockIsReadOncePerWakeupOfTheRunningLoop() throws Exception {
    SteppingClock clock = new SteppingClock();
    HttpDate date = new HttpDate(clock);
    IOLoop loop = IOLoop.startInNewThread("date-wakeup-loop", true);
    try {
      CompletableFuture<List<String>> lines = new CompletableFuture<>();
      loop.addCallback(
          () -> {
            List<String> seen = new ArrayList<>();
            seen.add(text(date.fieldLineOn(loop)));
            seen.add(text(date.fieldLineOn(loop))); // same wakeup: no second read
            // A callback added now runs after the loop has come back from its selector again.
            loop.addCallback(
                () -> {
                  seen.add(text(date.fieldLineOn(loop)));
                  lines.complete(seen);
                });
          });

      assertThat(lines.get(5, TimeUnit.SECONDS))
          .containsExactly(
              "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n",
              "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n",
              "Date: Sun, 06 Nov 1994 08:49:38 GMT\r\n");
      assertThat(clock.reads).hasValue(2);
    } finally {
      Loops.stop(loop);
    }
  }

  @Test
  void onTheThreadOfALoopThatIsNotRunningTheClockIsReadEachTime() throws Exception {
    SteppingClock clock = new SteppingClock();
    HttpDate date = new HttpDate(clock);
    IOLoop loop = new IOLoop();
    try {
      assertThat(loop.isRunning()).isFalse();
      assertThat(text(date.fieldLineOn(loop))).isEqualTo("Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n");
      assertThat(text(date.fieldLineOn(loop))).isEqualTo("Date: Sun, 06 Nov 1994 08:49:38 GMT\r\n");
      assertThat(clock.reads).hasValue(2);
    } finally {
      loop.close(true);
    }
  }

  @Test
  void theFieldLineOffTheLoopThreadIsFormattedOnTheSpot() {
    IOLoop loop = IOLoop.startInNewThread("date-off-loop", true);
    try {
      String line = new String(HttpDate.fieldLine(loop), StandardCharsets.ISO_8859_1);
      assertCurrent(line.substring(6, 6 + 29));
      assertThat(line).endsWith("\r\n");
    } finally {
      Loops.stop(loop);
    }
  }
}
