package io.github.tornadoserver.spring.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A route's path pattern, matched segment by segment against the raw request path (before the
 * {@code ?}, not percent-decoded): a literal segment matches itself, {@code {name}} one whole
 * segment (its value percent-decoded as UTF-8), {@code *} one segment, and a final {@code **} the
 * rest, zero or more segments. So {@code /echo/**} matches {@code /echo}, {@code /echo/} and {@code
 * /echo/a/b}.
 *
 * <p>Immutable and thread-safe.
 */
final class PathPattern {
  /** Most specific first: no catch-all, then more literal segments, then fewer variables. */
  static final Comparator<PathPattern> SPECIFIC_FIRST =
      Comparator.comparing((PathPattern p) -> p.catchAll)
          .thenComparing(p -> -p.literals)
          .thenComparing(p -> p.segments.size() - p.literals)
          .thenComparing(p -> -p.segments.size());

  private final String source;
  private final List<String> segments;
  private final boolean catchAll;
  private final int literals;
  private final boolean hasVariables;

  private PathPattern(String source, List<String> segments, boolean catchAll) {
    this.source = source;
    this.segments = List.copyOf(segments);
    this.catchAll = catchAll;
    this.literals = (int) segments.stream().filter(PathPattern::isLiteral).count();
    this.hasVariables = segments.stream().anyMatch(PathPattern::isVariable);
  }

  /**
   * Parses {@code pattern}.
   *
   * @throws IllegalArgumentException when it does not start with {@code /}, has {@code **} before
   *     the end, an empty or repeated variable name, or a brace that does not form a variable
   */
  static PathPattern parse(String pattern) {
    if (pattern == null || !pattern.startsWith("/")) {
      throw new IllegalArgumentException(
          "route pattern: " + pattern + " (expected: a path starting with /)");
    }
    List<String> segments = new ArrayList<>(List.of(pattern.substring(1).split("/", -1)));
    boolean catchAll = segments.get(segments.size() - 1).equals("**");
    if (catchAll) {
      segments.remove(segments.size() - 1);
    }
    List<String> names = new ArrayList<>();
    for (String segment : segments) {
      check(pattern, segment, names);
    }
    return new PathPattern(pattern, segments, catchAll);
  }

  private static void check(String pattern, String segment, List<String> names) {
    if (segment.equals("**")) {
      throw new IllegalArgumentException(
          "route pattern: " + pattern + " (expected: ** only as the last segment)");
    }
    if (isVariable(segment)) {
      String name = segment.substring(1, segment.length() - 1);
      if (name.isEmpty() || names.contains(name)) {
        throw new IllegalArgumentException(
            "route pattern: " + pattern + " (expected: distinct, non-empty variable names)");
      }
      names.add(name);
    } else if (segment.indexOf('{') >= 0 || segment.indexOf('}') >= 0) {
      throw new IllegalArgumentException(
          "route pattern: " + pattern + " (expected: a variable as a whole segment, {name})");
    }
  }

  private static boolean isVariable(String segment) {
    return segment.length() >= 2 && segment.startsWith("{") && segment.endsWith("}");
  }

  private static boolean isLiteral(String segment) {
    return !isVariable(segment) && !segment.equals("*");
  }

  /**
   * Whether every segment is literal (no variable, {@code *} or {@code **}): then the pattern
   * matches exactly the raw path equal to its source, and nothing else.
   */
  boolean literal() {
    return !catchAll && literals == segments.size();
  }

  /**
   * Matches {@code path} (raw, starting with {@code /}).
   *
   * @return the variables by name, in pattern order (empty for a pattern without any), or null when
   *     the path does not match
   */
  Map<String, String> match(String path) {
    String[] parts = segmentsOf(path);
    return parts == null ? null : match(parts);
  }

  /**
   * The segments of a raw path, for {@link #match(String[])}: split once per request, however many
   * patterns are tried; null when the path does not start with {@code /}.
   */
  static String[] segmentsOf(String path) {
    return path.startsWith("/") ? path.substring(1).split("/", -1) : null;
  }

  /** {@link #match(String)} of a path already split by {@link #segmentsOf}. */
  Map<String, String> match(String[] parts) {
    int count = segments.size();
    if (catchAll ? parts.length < count : parts.length != count) {
      return null;
    }
    Map<String, String> variables = hasVariables ? new LinkedHashMap<>() : null;
    for (int i = 0; i < count; i++) {
      if (!matchSegment(segments.get(i), parts[i], variables)) {
        return null;
      }
    }
    return variables == null ? Map.of() : variables;
  }

  private static boolean matchSegment(String segment, String part, Map<String, String> variables) {
    if (segment.equals("*")) {
      return true;
    }
    if (isVariable(segment)) {
      variables.put(segment.substring(1, segment.length() - 1), percentDecode(part));
      return true;
    }
    return segment.equals(part);
  }

  /**
   * Decodes {@code %XX} escapes as UTF-8 (RFC 3986 section 2.1); text with a malformed escape is
   * returned as it is. A {@code +} stays a {@code +}: it means a space only in form data.
   */
  static String percentDecode(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '%') {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      int value = i + 2 < text.length() ? hexByte(text.charAt(i + 1), text.charAt(i + 2)) : -1;
      if (value < 0) {
        return text;
      }
      bytes.write(value);
      i += 2;
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static int hexByte(char high, char low) {
    int h = Character.digit(high, 16);
    int l = Character.digit(low, 16);
    return h < 0 || l < 0 ? -1 : h * 16 + l;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PathPattern that
        && catchAll == that.catchAll
        && shape().equals(that.shape());
  }

  @Override
  public int hashCode() {
    return shape().hashCode() * 31 + Boolean.hashCode(catchAll);
  }

  /** The segments with every variable as {@code {}}: two patterns of one shape match alike. */
  private List<String> shape() {
    return segments.stream().map(s -> isVariable(s) ? "{}" : s).toList();
  }

  @Override
  public String toString() {
    return source;
  }
}
