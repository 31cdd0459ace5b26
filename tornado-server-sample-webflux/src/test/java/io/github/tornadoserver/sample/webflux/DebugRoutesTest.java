package io.github.tornadoserver.sample.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The debugging endpoints over a real socket, through the auto-configured client. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
class DebugRoutesTest {
  @Autowired WebTestClient client;

  @Test
  void streamsNBuffersOfSBytesWithoutALength() {
    byte[] body =
        client
            .get()
            .uri("/stream?n=3&size=4")
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
            .expectHeader()
            .doesNotExist("Content-Length")
            .expectBody()
            .returnResult()
            .getResponseBody();
    assertThat(new String(body)).isEqualTo("xxxxxxxxxxxx");
  }

  @Test
  void streamsAManyMegabyteBodyIntact() {
    long[] counts = {0, 0}; // bytes, bytes that were not 'x'
    client
        .get()
        .uri("/stream?n=64&size=65536")
        .exchange()
        .expectStatus()
        .isOk()
        .returnResult(DataBuffer.class)
        .getResponseBody()
        .doOnNext(buffer -> count(buffer, counts))
        .blockLast(Duration.ofSeconds(20));
    assertThat(counts).containsExactly(64L * 65536, 0L);
  }

  /** Counts a buffer's bytes, and those that are not {@code x}, then releases it. */
  private static void count(DataBuffer buffer, long[] counts) {
    while (buffer.readableByteCount() > 0) {
      counts[0]++;
      counts[1] += buffer.read() == 'x' ? 0 : 1;
    }
    DataBufferUtils.release(buffer);
  }

  @Test
  void answersTheStatusAskedForWithAnEmptyBody() {
    client.get().uri("/status/418").exchange().expectStatus().isEqualTo(418).expectBody().isEmpty();
    client.get().uri("/status/204").exchange().expectStatus().isNoContent();
  }

  @Test
  void answersSlowlyOnATimer() {
    client
        .get()
        .uri("/slow?ms=20")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .isEqualTo("ok\n");
  }

  @Test
  void sendsAsManyHeadersAsAskedFor() {
    client
        .get()
        .uri("/headers-big?n=3")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("X-H-0", "0")
        .expectHeader()
        .valueEquals("X-H-2", "2")
        .expectHeader()
        .doesNotExist("X-H-3");
  }

  @Test
  void refusesUnboundedWorkWithTheSampleMessages() {
    assertRefused("/stream?n=1000000000", "n: 1000000000 (expected: an integer from 0 to 10000)\n");
    assertRefused(
        "/stream?n=10000&size=1048576", "n*size: 10485760000 (expected: at most 104857600)\n");
    assertRefused("/slow?ms=1e9", "ms: 1e9 (expected: an integer from 0 to 60000)\n");
    assertRefused("/headers-big?n=x", "n: x (expected: an integer from 0 to 10000)\n");
    assertRefused("/status/99", "code: 99 (expected: an integer from 200 to 599)\n");
  }

  @Test
  void answersNotFoundOutsideItsRoutes() {
    client.get().uri("/nothing-here").exchange().expectStatus().isNotFound();
  }

  private void assertRefused(String target, String message) {
    client
        .get()
        .uri(target)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
        .expectBody(String.class)
        .isEqualTo(message);
  }
}
