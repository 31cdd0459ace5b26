package io.github.tornadoserver.httputil;

import java.util.ArrayList;
import java.util.List;

/**
 * The field names that requests carry most, spelled as clients send them, as shared constant
 * strings: a received name with exactly these bytes is parsed to the constant instead of a new
 * string and its array. The spelling is kept (a name given in another case is not one of these), so
 * {@link HTTPHeaders} still holds every name as given.
 */
final class CommonFieldNames {
  private static final String[] NAMES = {
    "Host",
    "host",
    "User-Agent",
    "user-agent",
    "Accept",
    "accept",
    "Accept-Encoding",
    "accept-encoding",
    "Accept-Language",
    "accept-language",
    "Connection",
    "connection",
    "Content-Length",
    "content-length",
    "Content-Type",
    "content-type",
    "Transfer-Encoding",
    "Cookie",
    "cookie",
    "Cache-Control",
    "Pragma",
    "Referer",
    "Origin",
    "Authorization",
    "If-None-Match",
    "If-Modified-Since",
    "Upgrade",
    "Upgrade-Insecure-Requests",
    "X-Forwarded-For",
    "X-Forwarded-Proto",
    "X-Forwarded-Host",
    "X-Real-IP",
    "X-Request-ID",
    "Forwarded",
    "Via",
    "Sec-Fetch-Site",
    "Sec-Fetch-Mode",
    "Sec-Fetch-Dest",
    "Sec-Fetch-User",
    "Priority",
    "DNT",
    "TE",
  };

  private static final int LONGEST = longest();

  /** The names by their length: a name is compared only with those of its own length. */
  private static final String[][] BY_LENGTH = byLength();

  private CommonFieldNames() {}

  /**
   * The constant for the name in {@code bytes[from, to)} when it is one of the common ones, spelled
   * the same; otherwise null.
   */
  static String lookUp(byte[] bytes, int from, int to) {
    int length = to - from;
    if (length > LONGEST) {
      return null;
    }
    for (String name : BY_LENGTH[length]) {
      if (sameBytes(name, bytes, from)) {
        return name;
      }
    }
    return null;
  }

  private static boolean sameBytes(String name, byte[] bytes, int from) {
    for (int i = 0; i < name.length(); i++) {
      if (bytes[from + i] != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int longest() {
    int longest = 0;
    for (String name : NAMES) {
      longest = Math.max(longest, name.length());
    }
    return longest;
  }

  private static String[][] byLength() {
    List<List<String>> lists = new ArrayList<>();
    for (int i = 0; i <= LONGEST; i++) {
      lists.add(new ArrayList<>());
    }
    for (String name : NAMES) {
      lists.get(name.length()).add(name);
    }
    String[][] byLength = new String[LONGEST + 1][];
    for (int i = 0; i <= LONGEST; i++) {
      byLength[i] = lists.get(i).toArray(new String[0]);
    }
    return byLength;
  }
}
