package io.github.tornadoserver.http1connection;

/** The line-level rules of the chunked transfer coding (RFC 9112 §7.1). */
final class ChunkedBody {
  /**
   * Significant hex digits accepted in a chunk size: 15 is below 2^60, so no overflow, and far
   * beyond any allowed body. Leading zeros are not counted (the grammar allows any number of them);
   * the caller bounds the whole line.
   */
  private static final int MAX_SIGNIFICANT_DIGITS = 15;

  private ChunkedBody() {}

  /**
   * The size on a chunk-size line ({@code 1*HEXDIG [ chunk-ext ] CRLF}, the line including its LF).
   *
   * @throws RequestRejectedException 400 for a bare LF, a bare CR, no digits, more than {@value
   *     #MAX_SIGNIFICANT_DIGITS} significant digits, or anything after the digits that does not
   *     start an extension
   */
  static long parseSizeLine(byte[] line) throws RequestRejectedException {
    int end = lineEnd(line);
    int i = 0;
    while (i < end && line[i] == '0') {
      i++;
    }
    int significantFrom = i;
    long size = 0;
    while (i < end && hexValue(line[i]) >= 0) {
      if (i - significantFrom == MAX_SIGNIFICANT_DIGITS) {
        throw RequestRejectedException.badRequest(
            "chunk size has more than " + MAX_SIGNIFICANT_DIGITS + " significant hex digits");
      }
      size = size * 16 + hexValue(line[i]);
      i++;
    }
    if (i == 0) {
      throw RequestRejectedException.badRequest("invalid chunk size line");
    }
    checkExtensions(line, i, end);
    return size;
  }

  /**
   * Whether {@code line} (including its LF) is the blank line that ends the trailer section;
   * otherwise it must be a trailer field line.
   *
   * @throws RequestRejectedException 400 for a bare LF or CR, or a line without a colon
   */
  static boolean isEndOfTrailers(byte[] line) throws RequestRejectedException {
    int end = lineEnd(line);
    if (end == 0) {
      return true;
    }
    for (int i = 0; i < end; i++) {
      if (line[i] == ':') {
        return false;
      }
    }
    throw RequestRejectedException.badRequest("malformed trailer field");
  }

  /** The index of the CR of the final CRLF; refuses bare LF endings and bare CRs inside. */
  private static int lineEnd(byte[] line) throws RequestRejectedException {
    int n = line.length;
    if (n < 2 || line[n - 2] != '\r') {
      throw RequestRejectedException.badRequest("chunk line not ended by CRLF");
    }
    for (int i = 0; i < n - 2; i++) {
      if (line[i] == '\r' || line[i] == '\n') {
        throw RequestRejectedException.badRequest("bare CR or LF in a chunk line");
      }
    }
    return n - 2;
  }

  /** RFC 9112 §7.1.1: {@code *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )}. */
  private static void checkExtensions(byte[] line, int from, int end)
      throws RequestRejectedException {
    int i = from;
    while (i < end && (line[i] == ' ' || line[i] == '\t')) {
      i++;
    }
    if (i == end && i == from) {
      return;
    }
    if (i == end || line[i] != ';') {
      throw RequestRejectedException.badRequest("invalid chunk size line");
    }
    for (int j = i; j < end; j++) {
      int c = line[j] & 0xff;
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw RequestRejectedException.badRequest("control character in a chunk extension");
      }
    }
  }

  private static int hexValue(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }
}
