package io.github.tornadoserver.iostream;

/**
 * Finds a delimiter that one fixed byte string cannot describe (several line-end spellings, say),
 * for {@link IOStream#readUntilOrFail(DelimiterScanner, int)}: the fast alternative to a regex read
 * when the delimiter is known in advance. Implementations are stateless and called on the loop
 * thread each time bytes arrive.
 */
public interface DelimiterScanner {

  /**
   * Finds the first delimiter that starts at or after {@code from}.
   *
   * @param bytes the unread bytes of the stream (a view: do not keep or change it)
   * @param from the index where the delimiter may start at the earliest
   * @param to the index just past the last unread byte
   * @return the index just past the delimiter's last byte, or -1 if none ends before {@code to}
   */
  int endOf(byte[] bytes, int from, int to);

  /**
   * The length of the longest delimiter: a scan that found nothing resumes that many bytes, less
   * one, before the end of what it scanned, so a delimiter split across reads is still found.
   *
   * @return at least 1
   */
  int maxLength();
}
