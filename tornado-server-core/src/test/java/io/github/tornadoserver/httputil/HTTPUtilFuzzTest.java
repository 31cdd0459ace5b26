package io.github.tornadoserver.httputil;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a handler parses from a request, on arbitrary bytes: the input's first line is the {@code
 * Content-Type}, the rest the body, also read as a query string, a {@code Cookie} header and a
 * {@code Host} value. Only {@link HTTPInputException} may come out of the form parser, and nothing
 * out of the others; a multipart body never yields more than {@value HTTPUtil#MAX_MULTIPART_PARTS}
 * parts.
 */
class HTTPUtilFuzzTest {
  @FuzzTest
  void parsesAnyFormBodyQueryCookieOrHost(byte[] input) {
    int lf = indexOf(input, (byte) '\n');
    String contentType = lf < 0 ? null : new String(input, 0, lf, ISO_8859_1);
    byte[] body = lf < 0 ? input : Arrays.copyOfRange(input, lf + 1, input.length);
    String text = new String(body, ISO_8859_1);
    HTTPUtil.parseQueryString(text, true);
    HTTPUtil.parseQueryString(text, false);
    HTTPUtil.parseCookie(text);
    if (HTTPUtil.isValidHost(text)) {
      assertThat(HTTPUtil.splitHostAndPort(text)).hasSize(2);
    }
    Map<String, List<String>> arguments = new LinkedHashMap<>();
    Map<String, List<HTTPFile>> files = new LinkedHashMap<>();
    try {
      HTTPUtil.parseBodyArguments(contentType, body, arguments, files, null);
      int parts =
          arguments.values().stream().mapToInt(List::size).sum()
              + files.values().stream().mapToInt(List::size).sum();
      if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("multipart")) {
        assertThat(parts).isLessThanOrEqualTo(HTTPUtil.MAX_MULTIPART_PARTS);
      }
    } catch (HTTPInputException rejected) {
      // documented
    }
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
