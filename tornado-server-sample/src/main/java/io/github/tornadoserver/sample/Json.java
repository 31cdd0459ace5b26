package io.github.tornadoserver.sample;

/**
 * A tiny JSON writer (RFC 8259): objects, arrays, strings and numbers, written in order. Strings
 * are escaped completely: quote, backslash and every control character, and every non-ASCII
 * character as a {@code \\uXXXX} escape, so the output is plain ASCII whatever bytes a request
 * carried.
 *
 * <p>Not thread-safe; the caller writes the separators' structure correctly (no validation).
 */
final class Json {
  private final StringBuilder out = new StringBuilder();
  private boolean needComma;

  Json beginObject() {
    separate();
    out.append('{');
    needComma = false;
    return this;
  }

  Json endObject() {
    out.append('}');
    needComma = true;
    return this;
  }

  Json beginArray() {
    separate();
    out.append('[');
    needComma = false;
    return this;
  }

  Json endArray() {
    out.append(']');
    needComma = true;
    return this;
  }

  /** A member name; the next value is its value. */
  Json name(String name) {
    separate();
    string(name);
    out.append(':');
    needComma = false;
    return this;
  }

  Json value(String value) {
    separate();
    string(value);
    needComma = true;
    return this;
  }

  Json value(long value) {
    separate();
    out.append(value);
    needComma = true;
    return this;
  }

  private void separate() {
    if (needComma) {
      out.append(',');
    }
  }

  private void string(String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      escape(value.charAt(i));
    }
    out.append('"');
  }

  /** RFC 8259 section 7: quote, backslash and U+0000 to U+001F must be escaped. */
  private void escape(char c) {
    switch (c) {
      case '"' -> out.append("\\\"");
      case '\\' -> out.append("\\\\");
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      case '\b' -> out.append("\\b");
      case '\f' -> out.append("\\f");
      default -> {
        if (c < 0x20 || c > 0x7e) {
          out.append(String.format("\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
    }
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
