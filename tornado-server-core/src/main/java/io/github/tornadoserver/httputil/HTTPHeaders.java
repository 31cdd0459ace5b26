package io.github.tornadoserver.httputil;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
 * <p>Fields are held in two parallel arrays and looked up by a scan that compares lengths first: a
 * request carries a handful of fields, and a scan of them costs less than hashing every name.
 *
 * <p>Not thread-safe; a message's headers belong to its connection's loop thread.
 */
public final class HTTPHeaders {
  private static final int INITIAL_CAPACITY = 12;

  /** Field names as given, in order; {@code [0, size)} is in use. */
  private String[] names;

  /** Field values, parallel to {@link #names}. */
  private String[] values;

  private int size;

  /** Creates an empty header block. */
  public HTTPHeaders() {
    this(new String[INITIAL_CAPACITY], new String[INITIAL_CAPACITY], 0);
  }

  private HTTPHeaders(String[] names, String[] values, int size) {
    this.names = names;
    this.values = values;
    this.size = size;
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
    byte[] bytes = new byte[block.length()];
    for (int i = 0; i < bytes.length; i++) {
      char c = block.charAt(i);
      if (c > 0xff) {
        // One char per received byte: anything beyond Latin-1 cannot have come from the wire.
        throw new HTTPInputException(
            String.format("character U+%04X beyond ISO-8859-1 in header block", (int) c));
      }
      bytes[i] = (byte) c;
    }
    return parse(bytes, 0, bytes.length);
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
    return parse(block, 0, block.length);
  }

  /**
   * Parses the header block in {@code block[from, to)}, straight from the received bytes. Same
   * rules as {@link #parse(String)}.
   *
   * @param block received bytes
   * @param from index of the block's first byte
   * @param to index just past the block's last byte
   * @return the parsed fields, in order
   * @throws HTTPInputException as {@link #parse(String)}
   * @throws IndexOutOfBoundsException if the range is not within {@code block}
   */
  public static HTTPHeaders parse(byte[] block, int from, int to) throws HTTPInputException {
    Objects.checkFromToIndex(from, to, block.length);
    HTTPHeaders headers = new HTTPHeaders();
    int start = from;
    boolean blankLine = false;
    while (start < to) {
      int lf = indexOf(block, (byte) '\n', start, to);
      int next = lf < 0 ? to : lf + 1;
      int end = lf < 0 ? to : lf;
      if (end > start && block[end - 1] == '\r') {
        end--;
      }
      if (end == start) {
        blankLine = true;
      } else if (blankLine) {
        throw new HTTPInputException(
            "empty line inside header block before " + quote(block, start, end));
      } else {
        headers.parseLine(block, start, end);
      }
      start = next;
    }
    return headers;
  }

  private static int indexOf(byte[] bytes, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** One field line {@code [start, end)}, without its line end. */
  private void parseLine(byte[] line, int start, int end) throws HTTPInputException {
    if (line[start] == ' ' || line[start] == '\t') {
      // RFC 9112 section 5.2: obs-fold is obsolete; a server may reject it with 400.
      throw new HTTPInputException(
          "obsolete line folding in header line " + quote(line, start, end));
    }
    int colon = nameEnd(line, start, end);
    String name = CommonFieldNames.lookUp(line, start, colon);
    if (name == null) {
      name = new String(line, start, colon - start, StandardCharsets.ISO_8859_1);
    }
    int valueStart = colon + 1;
    int valueEnd = end;
    while (valueStart < valueEnd && isOws(line[valueStart])) {
      valueStart++;
    }
    while (valueEnd > valueStart && isOws(line[valueEnd - 1])) {
      valueEnd--;
    }
    checkValue(line, valueStart, valueEnd, name);
    append(name, new String(line, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1));
  }

  /** The index of the colon that ends a valid field name starting at {@code start}. */
  private static int nameEnd(byte[] line, int start, int end) throws HTTPInputException {
    int i = start;
    while (i < end && Ascii.isTchar(line[i])) {
      i++;
    }
    if (i < end && line[i] == ':' && i > start) {
      return i;
    }
    int colon = indexOf(line, (byte) ':', start, end);
    if (colon < 0) {
      throw new HTTPInputException("no colon in header line " + quote(line, start, end));
    }
    if (colon > start && isOws(line[colon - 1])) {
      // RFC 9112 section 5.1: no whitespace between field name and colon; must answer 400.
      throw new HTTPInputException(
          "whitespace between header name and colon in " + quote(line, start, end));
    }
    throw new HTTPInputException("invalid header name " + quote(line, start, colon));
  }

  /**
   * RFC 9110 section 5.5: field-value is VCHAR, obs-text, SP and HTAB; any other CTL (NUL, a bare
   * CR or LF, DEL) is refused rather than replaced, since it is a request smuggling vector.
   */
  private static void checkValue(byte[] line, int start, int end, String name)
      throws HTTPInputException {
    for (int i = start; i < end; i++) {
      byte b = line[i];
      if (Ascii.isCtl(b) && b != '\t') {
        throw new HTTPInputException(
            (b == '\r' ? "bare CR" : "control character")
                + " in value of header "
                + Ascii.quote(name)
                + ": "
                + quote(line, start, end));
      }
    }
  }

  private static boolean isOws(byte b) {
    return b == ' ' || b == '\t';
  }

  private static String quote(byte[] bytes, int from, int to) {
    return Ascii.quote(new String(bytes, from, to - from, StandardCharsets.ISO_8859_1));
  }

  /** The problem with a value an application gives, or null; same rule as {@link #checkValue}. */
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
    checkValue(value);
    append(name, value);
  }

  private void append(String name, String value) {
    if (size == names.length) {
      names = Arrays.copyOf(names, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    names[size] = name;
    values[size] = value;
    size++;
  }

  private static void checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (!Ascii.isToken(name)) {
      throw new IllegalArgumentException(
          "header name: " + Ascii.quote(name) + " (expected: an RFC 9110 token)");
    }
  }

  private static void checkValue(String value) {
    Objects.requireNonNull(value, "value");
    if (valueProblem(value) != null) {
      throw new IllegalArgumentException(
          "header value: " + Ascii.quote(value) + " (expected: no control characters but HTAB)");
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
    checkValue(value);
    int first = indexOf(name, 0);
    if (first < 0) {
      append(name, value);
      return;
    }
    names[first] = name;
    values[first] = value;
    removeFrom(name, first + 1);
  }

  /**
   * Returns every value of {@code name} joined with {@code ","} (Tornado's {@code headers[name]};
   * RFC 9110 section 5.3 makes the joined form equivalent for list-valued fields).
   *
   * @param name a field name, any case
   * @return the joined values, or null if the field is absent or {@code name} is null
   */
  public String get(String name) {
    int first = indexOf(name, 0);
    if (first < 0) {
      return null;
    }
    int second = indexOf(name, first + 1);
    if (second < 0) {
      return values[first];
    }
    return String.join(",", getList(name));
  }

  /**
   * Returns the first value of {@code name}.
   *
   * @param name a field name, any case
   * @return the first value, or null if the field is absent or {@code name} is null
   */
  public String getFirst(String name) {
    int first = indexOf(name, 0);
    return first < 0 ? null : values[first];
  }

  /**
   * Returns the values of one field name in received order (Tornado's {@code get_list}).
   *
   * @param name a field name, any case
   * @return an unmodifiable list, empty if the field is absent or {@code name} is null
   */
  public List<String> getList(String name) {
    int first = indexOf(name, 0);
    if (first < 0) {
      return List.of();
    }
    int next = indexOf(name, first + 1);
    if (next < 0) {
      return List.of(values[first]);
    }
    List<String> list = new ArrayList<>(2);
    list.add(values[first]);
    for (int i = next; i >= 0; i = indexOf(name, i + 1)) {
      list.add(values[i]);
    }
    return Collections.unmodifiableList(list);
  }

  /**
   * Returns every field as a (name, value) pair in received order, names spelled as given
   * (Tornado's {@code get_all}).
   *
   * @return an unmodifiable snapshot
   */
  public List<Map.Entry<String, String>> getAll() {
    List<Map.Entry<String, String>> all = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      all.add(new AbstractMap.SimpleImmutableEntry<>(names[i], values[i]));
    }
    return Collections.unmodifiableList(all);
  }

  /**
   * The name of the field at {@code index} in received order, spelled as given: with {@link
   * #value(int)} and {@link #size()}, a walk over the fields that allocates nothing.
   *
   * @param index from 0 to {@code size() - 1}
   * @return the field name
   * @throws IndexOutOfBoundsException if {@code index} is out of range
   */
  public String name(int index) {
    Objects.checkIndex(index, size);
    return names[index];
  }

  /**
   * The value of the field at {@code index} in received order.
   *
   * @param index from 0 to {@code size() - 1}
   * @return the field value
   * @throws IndexOutOfBoundsException if {@code index} is out of range
   */
  public String value(int index) {
    Objects.checkIndex(index, size);
    return values[index];
  }

  /**
   * Tells whether at least one field has this name.
   *
   * @param name a field name, any case; null gives false
   * @return true if present
   */
  public boolean contains(String name) {
    return indexOf(name, 0) >= 0;
  }

  /**
   * Counts the fields of one name, without making a list.
   *
   * @param name a field name, any case; null counts none
   * @return how many times the field occurs
   */
  public int count(String name) {
    int n = 0;
    for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
      n++;
    }
    return n;
  }

  /**
   * Removes every field of this name.
   *
   * @param name a field name, any case; null removes nothing
   * @return true if something was removed
   */
  public boolean remove(String name) {
    int before = size;
    removeFrom(name, 0);
    return size != before;
  }

  private void removeFrom(String name, int from) {
    if (name == null) {
      return;
    }
    int kept = from;
    for (int i = from; i < size; i++) {
      if (!Ascii.equalsIgnoreAsciiCase(names[i], name)) {
        names[kept] = names[i];
        values[kept] = values[i];
        kept++;
      }
    }
    Arrays.fill(names, kept, size, null);
    Arrays.fill(values, kept, size, null);
    size = kept;
  }

  /**
   * Returns the distinct field names in order of first appearance, each spelled as it first
   * appeared.
   *
   * @return an unmodifiable list
   */
  public List<String> names() {
    List<String> distinct = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      if (indexOf(names[i], 0) == i) {
        distinct.add(names[i]);
      }
    }
    return Collections.unmodifiableList(distinct);
  }

  /**
   * Returns the number of fields (a name sent twice counts twice).
   *
   * @return the field count
   */
  public int size() {
    return size;
  }

  /**
   * Tells whether there are no fields.
   *
   * @return true if empty
   */
  public boolean isEmpty() {
    return size == 0;
  }

  /**
   * Returns an independent copy: changes to either do not show in the other.
   *
   * @return the copy
   */
  public HTTPHeaders copy() {
    int capacity = Math.max(INITIAL_CAPACITY, size + 4);
    return new HTTPHeaders(Arrays.copyOf(names, capacity), Arrays.copyOf(values, capacity), size);
  }

  /** The index of the first field named {@code name} (any case) at or after {@code from}, or -1. */
  private int indexOf(String name, int from) {
    if (name == null) {
      return -1;
    }
    for (int i = from; i < size; i++) {
      if (Ascii.equalsIgnoreAsciiCase(names[i], name)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Renders the fields as a header block, {@code "Name: value\r\n"} per field in order (RFC 9112
   * section 5), without the terminating empty line.
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < size; i++) {
      out.append(names[i]).append(": ").append(values[i]).append("\r\n");
    }
    return out.toString();
  }
}
