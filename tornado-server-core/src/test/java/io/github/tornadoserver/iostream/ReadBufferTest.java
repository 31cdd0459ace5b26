package io.github.tornadoserver.iostream;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.ioloop.IOLoop;
import io.github.tornadoserver.testing.Loops;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read buffer borrows its array from the loop's pool and hands it back once emptied. */
class ReadBufferTest {
  private IOLoop loop;

  @BeforeEach
  void startLoop() {
    loop = IOLoop.startInNewThread("read-buffer-loop", true);
  }

  @AfterEach
  void stopLoop() {
    Loops.stop(loop);
  }

  private static ByteBuffer ascii(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void anEmptiedBufferReturnsItsArrayToTheLoopsPoolAndTheNextBufferReusesIt() {
    Loops.run(
        loop,
        () -> {
          ArrayPool pool = ArrayPool.of(loop);
          int before = pool.size();
          ReadBuffer one = new ReadBuffer(loop);
          one.append(ascii("GET / HTTP/1.1\r\n\r\n"));
          assertThat(pool.size()).isEqualTo(Math.max(0, before - 1));
          assertThat(new String(one.take(5), StandardCharsets.US_ASCII)).isEqualTo("GET /");
          assertThat(pool.size()).as("not yet empty").isEqualTo(Math.max(0, before - 1));
          one.take(one.size());
          assertThat(one.isEmpty()).isTrue();
          assertThat(pool.size()).as("emptied: the array is back").isEqualTo(Math.max(1, before));
          ReadBuffer other = new ReadBuffer(loop);
          other.append(ascii("next"));
          assertThat(pool.size()).isEqualTo(Math.max(0, before - 1));
          assertThat(new String(other.take(4), StandardCharsets.US_ASCII)).isEqualTo("next");
        });
  }

  @Test
  void growingKeepsTheUnreadBytesInOrder() {
    Loops.run(
        loop,
        () -> {
          ReadBuffer buffer = new ReadBuffer(loop);
          StringBuilder expected = new StringBuilder();
          for (int i = 0; i < 500; i++) {
            String piece = "piece-" + i + ";";
            buffer.append(ascii(piece));
            expected.append(piece);
            if (i % 7 == 0) {
              byte[] taken = buffer.take(3);
              assertThat(new String(taken, StandardCharsets.US_ASCII))
                  .isEqualTo(expected.substring(0, 3));
              expected.delete(0, 3);
            }
          }
          assertThat(new String(buffer.take(buffer.size()), StandardCharsets.US_ASCII))
              .isEqualTo(expected.toString());
        });
  }
}
