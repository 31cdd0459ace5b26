package io.github.tornadoserver.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.httpserver.ContentCoding.Choice;
import io.github.tornadoserver.httputil.HTTPHeaders;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentCodingTest {

  private static HTTPHeaders headers(String... namesAndValues) {
    HTTPHeaders h = new HTTPHeaders();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      h.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return h;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "gzip|true",
        "GZIP|true",
        "x-gzip|true",
        "deflate, gzip;q=0.1|true",
        "gzip;q=0|false",
        "gzip; q=0.000|false",
        "gzip;Q=0|false",
        "br, deflate|false",
        "*|true",
        "*;q=0|false",
        "*, gzip;q=0|false",
        "gzip;q=0, *|false",
        "gzip;q=bad|false",
        "identity|false",
        "''|false"
      })
  void readsWhetherAcceptEncodingTakesGzip(String field, boolean accepted) {
    assertThat(ContentCoding.acceptsGzip(List.of(field))).isEqualTo(accepted);
  }

  @Test
  void readsAcceptEncodingSplitOverSeveralFields() {
    assertThat(ContentCoding.acceptsGzip(List.of("br", "gzip"))).isTrue();
    assertThat(ContentCoding.acceptsGzip(List.of())).isFalse();
  }

  @Test
  void addsVaryOrMergesItOnce() {
    HTTPHeaders none = headers();
    HTTPHeaders other = headers("Vary", "Origin", "Vary", "Cookie");
    HTTPHeaders star = headers("Vary", "*");
    HTTPHeaders already = headers("Vary", "Origin, ACCEPT-ENCODING");

    for (HTTPHeaders h : List.of(none, other, star, already)) {
      ContentCoding.addVary(h);
    }

    assertThat(none.getList("Vary")).containsExactly("Accept-Encoding");
    assertThat(other.getList("Vary")).containsExactly("Origin, Cookie, Accept-Encoding");
    assertThat(star.getList("Vary")).containsExactly("*");
    assertThat(already.getList("Vary")).containsExactly("Origin, ACCEPT-ENCODING");
  }

  @ParameterizedTest
  @CsvSource({
    "GET, 200, 4096, GZIP",
    "POST, 201, 4096, GZIP",
    "GET, 200, -1, GZIP",
    "GET, 200, 2047, IDENTITY",
    "GET, 200, 2048, GZIP",
    "HEAD, 200, 4096, IDENTITY",
    "GET, 101, -1, IDENTITY",
    "GET, 204, -1, IDENTITY",
    "GET, 206, 4096, IDENTITY",
    "GET, 304, -1, IDENTITY",
    "GET, 404, 4096, GZIP",
  })
  void choosesByMethodStatusAndSize(String method, int status, long length, Choice expected) {
    HTTPHeaders request = headers("Accept-Encoding", "gzip");
    HTTPHeaders response = headers("Content-Type", "text/html; charset=UTF-8");

    Choice choice =
        ContentCoding.choose(Compression.defaults(), method, request, status, response, length);

    assertThat(choice).isEqualTo(expected);
  }

  @Test
  void leavesAResponseWithItsOwnCodingRangeOrTransferEncoding() {
    HTTPHeaders request = headers("Accept-Encoding", "gzip");
    for (String field : List.of("Content-Encoding", "Content-Range", "Transfer-Encoding")) {
      HTTPHeaders response = headers("Content-Type", "text/plain", field, "x");

      assertThat(ContentCoding.choose(Compression.defaults(), "GET", request, 200, response, -1))
          .as(field)
          .isEqualTo(Choice.IDENTITY);
    }
  }

  @Test
  void variesWithoutGzipForARefusingOrExcludedClient() {
    Compression options = Compression.defaults().withExcludedUserAgents(Set.of("Old/1"));
    HTTPHeaders response = headers("Content-Type", "text/plain");

    assertThat(ContentCoding.choose(options, "GET", headers(), 200, response, -1))
        .isEqualTo(Choice.VARY_ONLY);
    assertThat(
            ContentCoding.choose(
                options,
                "GET",
                headers("Accept-Encoding", "gzip", "User-Agent", "Old/1"),
                200,
                response,
                -1))
        .isEqualTo(Choice.VARY_ONLY);
  }
}
