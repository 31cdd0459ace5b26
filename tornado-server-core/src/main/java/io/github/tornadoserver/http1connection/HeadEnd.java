package io.github.tornadoserver.http1connection;

import io.github.tornadoserver.internal.ByteScan;
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
    // Each LF with a byte after it, found eight bytes at a time.
    for (int i = from; i < to - 1; ) {
      int lf = ByteScan.indexOf(bytes, (byte) '\n', i, to - 1);
      if (lf < 0) {
        return -1;
      }
      if (bytes[lf + 1] == '\n') {
        return lf + 2;
      }
      if (bytes[lf + 1] == '\r' && lf + 2 < to && bytes[lf + 2] == '\n') {
        return lf + 3;
      }
      i = lf + 1;
    }
    return -1;
  }

  @Override
  public int maxLength() {
    return 4;
  }
}
