package io.github.tornadoserver.http1connection;

import io.github.tornadoserver.iostream.DelimiterScanner;

/**
 * The end of a request head: an empty line, the line ends spelled CRLF or bare LF (RFC 9112 §2.2
 * lets a recipient accept a bare LF), that is the first LF followed by an optional CR and an LF.
 * Tornado reads up to the regex {@code \r?\n\r?\n}; this finds the same end without a regex engine.
 */
final class HeadEnd implements DelimiterScanner {
  static final HeadEnd INSTANCE = new HeadEnd();

  private HeadEnd() {}

  @Override
  public int endOf(byte[] bytes, int from, int to) {
    for (int i = from; i < to - 1; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      if (bytes[i + 1] == '\n') {
        return i + 2;
      }
      if (bytes[i + 1] == '\r' && i + 2 < to && bytes[i + 2] == '\n') {
        return i + 3;
      }
    }
    return -1;
  }

  @Override
  public int maxLength() {
    return 4;
  }
}
