package io.github.tornadoserver.httputil;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The header fields of one HTTP message: a multimap whose lookups ignore ASCII case (RFC 9110
 * section 5.1: field names are case-insensitive) and which keeps every field in received order.
 * Tornado's {@code HTTPHeaders}, with one deliberate difference: names are kept as given (Tornado
 * rewrites them to {@code Http-Header-Case}), so a response carries the spelling the application
 * chose.
 *
 * <p>Not thread-safe; a message's headers belong to its connection's loop thread.
 */
public final class HTTPHeaders {

  /** Every field in order; the unit of {@link #getAll()} and {@link #size()}. */
  private final List<Map.Entry<String, String>> fields;

  /** ASCII-lower-cased name to the values of that name, in order. */
  private final Map<String, List<String>> byName;

  /** Creates an empty header block. */
  public HTTPHeaders() {
    this.fields = new ArrayList<>();
    this.byName = new HashMap<>();
  }

  /**
   * Parses a header block: the lines after the start line, each {@code field-name ":" OWS
   * field-value OWS}, separated by CRLF (RFC 9112 section 5). A bare LF is accepted as a line end
   * (RFC 9112 section 2.2 allows a recipient to); a bare CR is not. Empty lines at the end of the
   * block (its terminating blank line) are ignored.
   *
   * @param block the header block, one {@code char} per received byte (ISO-8859-1)
   * @return the parsed fields, in order
   * @throws HTTPInputException on obs-fold (a line starting with SP or HTAB, RFC 9112 section 5.2),
   *     a line without a colon, an empty or non-token field name, whitespace between name and colon
   *     (RFC 9112 section 5.1), a bare CR, a control character other than HTAB in a value (RFC 9110
   *     section 5.5), or an empty line followed by more fields
   * @throws NullPointerException if {@code block} is null
   */
  public static HTTPHeaders parse(String block) throws HTTPInputException {
    HTTPHeaders headers = new HTTPHeaders();
    int start = 0;
    int blankLine = -1;
    while (start < block.length()) {
      int lf = block.indexOf('\n', start);
      int end = lf < 0 ? block.length() : lf;
      int next = lf < 0 ? block.length() : lf + 1;
      if (end > start && block.charAt(end - 1) == '\r') {
        end--;
      }
      String line = block.substring(start, end);
      if (line.isEmpty()) {
        blankLine = start;
      } else if (blankLine >= 0) {
        throw new HTTPInputException("empty line inside header block before " + Ascii.quote(line));
      } else {
        headers.parseLine(line);
      }
      start = next;
    }
    return headers;
  }

  /**
   * Parses a header block given as bytes, decoded as ISO-8859-1 (RFC 9110 section 5.5: octets
   * beyond US-ASCII are opaque data). Same rules as {@link #parse(String)}.
   *
   * @param block the bytes of the header block
   * @return the parsed fields, in order
   * @throws HTTPInputException as {@link #parse(String)}
   * @throws NullPointerException if {@code block} is null
   */
  public static HTTPHeaders parse(byte[] block) throws HTTPInputException {
    return parse(new String(block, StandardCharsets.ISO_8859_1));
  }

  private void parseLine(String line) throws HTTPInputException {
    if (Ascii.isOws(line.charAt(0))) {
      // RFC 9112 section 5.2: obs-fold is obsolete; a server may reject it with 400.
      throw new HTTPInputException("obsolete line folding in header line " + Ascii.quote(line));
    }
    int colon = line.indexOf(':');
    if (colon < 0) {
      throw new HTTPInputException("no colon in header line " + Ascii.quote(line));
    }
    String name = line.substring(0, colon);
    if (!name.isEmpty() && Ascii.isOws(name.charAt(name.length() - 1))) {
      // RFC 9112 section 5.1: no whitespace between field name and colon; must answer 400.
      throw new HTTPInputException(
          "whitespace between header name and colon in " + Ascii.quote(line));
    }
    if (!Ascii.isToken(name)) {
      throw new HTTPInputException("invalid header name " + Ascii.quote(name));
    }
    String value = Ascii.trimOws(line.substring(colon + 1));
    String bad = valueProblem(value);
    if (bad != null) {
      throw new HTTPInputException(
          bad + " in value of header " + Ascii.quote(name) + ": " + Ascii.quote(value));
    }
    append(name, value);
  }

  /**
   * RFC 9110 section 5.5: field-value is VCHAR, obs-text, SP and HTAB; any other CTL (NUL, a bare
   * CR or LF, DEL) is refused rather than replaced, since it is a request smuggling vector.
   */
  private static String valueProblem(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r') {
        return "bare CR";
      }
      if (Ascii.isCtl(c) && c != '\t') {
        return "control character";
      }
    }
    return null;
  }

  /**
   * Adds a field after all existing ones; existing values of the same name are kept.
   *
   * @param name a field name (an RFC 9110 token)
   * @param value the field value; leading and trailing SP/HTAB are kept as given
   * @throws IllegalArgumentException if {@code name} is not a token or {@code value} contains CR,
   *     LF, NUL or another control character other than HTAB (which would split the header block)
   * @throws NullPointerException if either argument is null
   */
  public void add(String name, String value) {
    checkName(name);
    Objects.requireNonNull(value, "value");
    if (valueProblem(value) != null) {
      throw new IllegalArgumentException(
          "header value: " + Ascii.quote(value) + " (expected: no control characters but HTAB)");
    }
    append(name, value);
  }

  private void append(String name, String value) {
    fields.add(Map.entry(name, value));
    byName.computeIfAbsent(Ascii.lower(name), k -> new ArrayList<>(1)).add(value);
  }

  private static void checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (!Ascii.isToken(name)) {
      throw new IllegalArgumentException(
          "header name: " + Ascii.quote(name) + " (expected: an RFC 9110 token)");
    }
  }

  /**
   * Replaces every field of this name with one field, placed where the first old one was (or at the
   * end if there was none).
   *
   * @param name a field name (an RFC 9110 token)
   * @param value the new value
   * @throws IllegalArgumentException as {@link #add(String, String)}
   * @throws NullPointerException if either argument is null
   */
  public void set(String name, String value) {
    checkName(name);
    Objects.requireNonNull(value, "value");
    if (valueProblem(value) != null) {
      throw new IllegalArgumentException(
          "header value: " + Ascii.quote(value) + " (expected: no control characters but HTAB)");
    }
    String key = Ascii.lower(name);
    int at = fields.size();
    for (int i = fields.size() - 1; i >= 0; i--) {
      if (Ascii.lower(fields.get(i).getKey()).equals(key)) {
        fields.remove(i);
        at = i;
      }
    }
    fields.add(at, Map.entry(name, value));
    List<String> values = new ArrayList<>(1);
    values.add(value);
    byName.put(key, values);
  }

  /**
   * Returns every value of {@code name} joined with {@code ","} (Tornado's {@code headers[name]};
   * RFC 9110 section 5.3 makes the joined form equivalent for list-valued fields).
   *
   * @param name a field name, any case
   * @return the joined values, or null if the field is absent or {@code name} is null
   */
  public String get(String name) {
    List<String> values = values(name);
    if (values == null) {
      return null;
    }
    return values.size() == 1 ? values.get(0) : String.join(",", values);
  }

  /**
   * Returns the first value of {@code name}.
   *
   * @param name a field name, any case
   * @return the first value, or null if the field is absent or {@code name} is null
   */
  public String getFirst(String name) {
    List<String> values = values(name);
    return values == null ? null : values.get(0);
  }

  /**
   * Returns the values of one field name in received order (Tornado's {@code get_list}).
   *
   * @param name a field name, any case
   * @return an unmodifiable list, empty if the field is absent or {@code name} is null
   */
  public List<String> getList(String name) {
    List<String> values = values(name);
    return values == null ? List.of() : Collections.unmodifiableList(values);
  }

  /**
   * Returns every field as a (name, value) pair in received order, names spelled as given
   * (Tornado's {@code get_all}).
   *
   * @return an unmodifiable snapshot
   */
  public List<Map.Entry<String, String>> getAll() {
    return List.copyOf(fields);
  }

  /**
   * Tells whether at least one field has this name.
   *
   * @param name a field name, any case; null gives false
   * @return true if present
   */
  public boolean contains(String name) {
    return values(name) != null;
  }

  /**
   * Removes every field of this name.
   *
   * @param name a field name, any case; null removes nothing
   * @return true if something was removed
   */
  public boolean remove(String name) {
    if (name == null || byName.remove(Ascii.lower(name)) == null) {
      return false;
    }
    String key = Ascii.lower(name);
    fields.removeIf(f -> Ascii.lower(f.getKey()).equals(key));
    return true;
  }

  /**
   * Returns the distinct field names in order of first appearance, each spelled as it first
   * appeared.
   *
   * @return an unmodifiable list
   */
  public List<String> names() {
    List<String> names = new ArrayList<>(byName.size());
    Map<String, Boolean> seen = new HashMap<>();
    for (Map.Entry<String, String> field : fields) {
      if (seen.put(Ascii.lower(field.getKey()), Boolean.TRUE) == null) {
        names.add(field.getKey());
      }
    }
    return Collections.unmodifiableList(names);
  }

  /**
   * Returns the number of fields (a name sent twice counts twice).
   *
   * @return the field count
   */
  public int size() {
    return fields.size();
  }

  /**
   * Tells whether there are no fields.
   *
   * @return true if empty
   */
  public boolean isEmpty() {
    return fields.isEmpty();
  }

  /**
   * Returns an independent copy: changes to either do not show in the other.
   *
   * @return the copy
   */
  public HTTPHeaders copy() {
    HTTPHeaders copy = new HTTPHeaders();
    for (Map.Entry<String, String> field : fields) {
      copy.append(field.getKey(), field.getValue());
    }
    return copy;
  }

  private List<String> values(String name) {
    return name == null ? null : byName.get(Ascii.lower(name));
  }

  /**
   * Renders the fields as a header block, {@code "Name: value\r\n"} per field in order (RFC 9112
   * section 5), without the terminating empty line.
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> field : fields) {
      out.append(field.getKey()).append(": ").append(field.getValue()).append("\r\n");
    }
    return out.toString();
  }
}
