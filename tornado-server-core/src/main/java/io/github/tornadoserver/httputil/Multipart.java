package io.github.tornadoserver.httputil;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A {@code multipart/form-data} body (RFC 7578, framing of RFC 2046 section 5.1.1): delimiter lines
 * {@code "--" boundary}, a close delimiter {@code "--" boundary "--"}, each part a header block, an
 * empty line and content. Preamble and epilogue are ignored.
 */
final class Multipart {

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] CRLF_CRLF = {'\r', '\n', '\r', '\n'};
  private static final byte[] DASH_DASH = {'-', '-'};

  /** RFC 2046 section 5.1.1: a boundary is 1 to 70 characters. */
  private static final int MAX_BOUNDARY = 70;

  private final byte[] body;
  private final byte[] delimiter;
  private final byte[] crlfDelimiter;
  private final Map<String, List<String>> arguments;
  private final Map<String, List<HTTPFile>> files;
  private int parts;

  private Multipart(
      byte[] body,
      String boundary,
      Map<String, List<String>> arguments,
      Map<String, List<HTTPFile>> files) {
    this.body = body;
    this.delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    this.crlfDelimiter = concat(CRLF, delimiter);
    this.arguments = arguments;
    this.files = files;
  }

  static void parse(
      String boundary,
      byte[] body,
      Map<String, List<String>> arguments,
      Map<String, List<HTTPFile>> files)
      throws HTTPInputException {
    if (boundary == null || boundary.isEmpty()) {
      throw new HTTPInputException("Invalid multipart/form-data: no boundary parameter");
    }
    if (boundary.length() > MAX_BOUNDARY) {
      throw new HTTPInputException(
          "Invalid multipart/form-data: boundary of "
              + boundary.length()
              + " characters exceeds "
              + MAX_BOUNDARY);
    }
    new Multipart(body, boundary, arguments, files).parseParts();
  }

  private void parseParts() throws HTTPInputException {
    int pos = startsWith(0, delimiter) && isDelimiterEnd(delimiter.length) ? 0 : -1;
    if (pos < 0) {
      int at = nextDelimiter(0);
      if (at < 0) {
        throw missingFinalBoundary();
      }
      pos = at + CRLF.length;
    }
    while (true) {
      int after = pos + delimiter.length;
      if (startsWith(after, DASH_DASH)) {
        return; // close delimiter; the epilogue is ignored
      }
      int partStart = endOfDelimiterLine(after);
      int next = nextDelimiter(partStart - CRLF.length);
      if (next < 0) {
        throw missingFinalBoundary();
      }
      if (++parts > HTTPUtil.MAX_MULTIPART_PARTS) {
        throw new HTTPInputException(
            "Invalid multipart/form-data: more than " + HTTPUtil.MAX_MULTIPART_PARTS + " parts");
      }
      if (next > partStart) {
        parsePart(partStart, next);
      }
      pos = next + CRLF.length;
    }
  }

  /**
   * Finds the next CRLF that starts a delimiter line: {@code "--" boundary} followed by {@code
   * "--"} or by transport padding and CRLF (RFC 2046 section 5.1.1). A line that merely begins with
   * the delimiter is content, as a lenient reader takes it.
   */
  private int nextDelimiter(int from) {
    for (int at = indexOf(crlfDelimiter, from, body.length);
        at >= 0;
        at = indexOf(crlfDelimiter, at + 1, body.length)) {
      if (isDelimiterEnd(at + crlfDelimiter.length)) {
        return at;
      }
    }
    return -1;
  }

  private boolean isDelimiterEnd(int at) {
    if (startsWith(at, DASH_DASH)) {
      return true;
    }
    int i = at;
    while (i < body.length && (body[i] == ' ' || body[i] == '\t')) {
      i++;
    }
    return startsWith(i, CRLF);
  }

  private int endOfDelimiterLine(int from) {
    int i = from;
    while (body[i] == ' ' || body[i] == '\t') {
      i++;
    }
    return i + CRLF.length;
  }

  private void parsePart(int start, int end) throws HTTPInputException {
    int headerEnd;
    int contentStart;
    if (startsWith(start, CRLF)) {
      headerEnd = start;
      contentStart = start + CRLF.length;
    } else {
      int limit = Math.min(end, start + HTTPUtil.MAX_MULTIPART_HEADER_SIZE + CRLF_CRLF.length);
      headerEnd = indexOf(CRLF_CRLF, start, limit);
      if (headerEnd < 0) {
        if (end - start > HTTPUtil.MAX_MULTIPART_HEADER_SIZE) {
          throw headersTooLarge();
        }
        throw new HTTPInputException("Invalid multipart/form-data: part without empty line");
      }
      contentStart = headerEnd + CRLF_CRLF.length;
    }
    if (headerEnd - start > HTTPUtil.MAX_MULTIPART_HEADER_SIZE) {
      throw headersTooLarge();
    }
    // RFC 7578 section 5.1: field and file names may be sent as raw UTF-8.
    HTTPHeaders headers =
        HTTPHeaders.parse(new String(body, start, headerEnd - start, StandardCharsets.UTF_8));
    addPart(headers, Arrays.copyOfRange(body, contentStart, Math.max(contentStart, end)));
  }

  private void addPart(HTTPHeaders headers, byte[] content) throws HTTPInputException {
    String disposition = headers.getFirst("Content-Disposition");
    if (disposition == null) {
      throw new HTTPInputException("Invalid multipart/form-data: part without Content-Disposition");
    }
    HeaderValue parsed = HeaderValue.parse(disposition);
    // RFC 7578 section 4.2: each part has disposition type form-data and a name parameter.
    if (!Ascii.lower(parsed.value()).equals("form-data")) {
      throw new HTTPInputException(
          "Invalid multipart/form-data: Content-Disposition " + Ascii.quote(disposition));
    }
    String name = parsed.params().get("name");
    if (name == null || name.isEmpty()) {
      throw new HTTPInputException("Invalid multipart/form-data: part without name");
    }
    String filename = filename(parsed.params());
    if (filename == null || filename.isEmpty()) {
      arguments
          .computeIfAbsent(name, k -> new ArrayList<>(1))
          .add(new String(content, StandardCharsets.UTF_8));
      return;
    }
    String type = headers.getFirst("Content-Type");
    files
        .computeIfAbsent(name, k -> new ArrayList<>(1))
        .add(new HTTPFile(filename, content, type == null ? "application/unknown" : type));
  }

  /** RFC 7578 section 4.2 and RFC 8187: {@code filename*} wins over {@code filename}. */
  private static String filename(Map<String, String> params) {
    String extended = params.get("filename*");
    if (extended != null) {
      String decoded = HeaderValue.decodeExtended(extended);
      if (decoded != null) {
        return decoded;
      }
    }
    return params.get("filename");
  }

  private static HTTPInputException missingFinalBoundary() {
    return new HTTPInputException("Invalid multipart/form-data: no final boundary");
  }

  private static HTTPInputException headersTooLarge() {
    return new HTTPInputException(
        "Invalid multipart/form-data: part headers exceed "
            + HTTPUtil.MAX_MULTIPART_HEADER_SIZE
            + " bytes");
  }

  private boolean startsWith(int at, byte[] prefix) {
    if (at < 0 || at + prefix.length > body.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (body[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** First index of {@code needle} starting in [from, limit - needle.length], or -1. */
  private int indexOf(byte[] needle, int from, int limit) {
    for (int i = Math.max(from, 0); i + needle.length <= limit; i++) {
      if (body[i] == needle[0] && startsWith(i, needle)) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
