package io.github.tornadoserver.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * A tiny reader and writer for DER, the Distinguished Encoding Rules of ASN.1 (ITU-T X.690),
 * covering exactly what private key files need: SEQUENCE, INTEGER, OCTET STRING, NULL, OBJECT
 * IDENTIFIER and context-specific tags, all with single-byte tags and definite lengths.
 *
 * <p>Anything else, and anything malformed (a length running past the end, an indefinite length, a
 * multi-byte tag), is reported as a {@link DerException}, never as a runtime exception.
 */
final class Der {
  static final int INTEGER = 0x02;
  static final int BIT_STRING = 0x03;
  static final int OCTET_STRING = 0x04;
  static final int NULL = 0x05;
  static final int OBJECT_IDENTIFIER = 0x06;
  static final int SEQUENCE = 0x30;

  private Der() {}

  /** The tag of context-specific element {@code [number]}, constructed (EXPLICIT) or not. */
  static int contextTag(int number, boolean constructed) {
    return 0x80 | (constructed ? 0x20 : 0) | number;
  }

  /** Malformed or unsupported DER. */
  static final class DerException extends Exception {
    private static final long serialVersionUID = 1L;

    DerException(String message) {
      super(message);
    }
  }

  /** One element: its tag and where its contents are. */
  static final class Element {
    private final int tag;
    private final byte[] data;
    private final int headerStart;
    private final int contentStart;
    private final int contentEnd;

    private Element(int tag, byte[] data, int headerStart, int contentStart, int contentEnd) {
      this.tag = tag;
      this.data = data;
      this.headerStart = headerStart;
      this.contentStart = contentStart;
      this.contentEnd = contentEnd;
    }

    int tag() {
      return tag;
    }

    /** The contents octets, without tag and length. */
    byte[] contents() {
      return Arrays.copyOfRange(data, contentStart, contentEnd);
    }

    /** The whole element: tag, length and contents. */
    byte[] encoded() {
      return Arrays.copyOfRange(data, headerStart, contentEnd);
    }

    /** A reader over the contents, for a constructed element. */
    Reader reader() {
      return new Reader(data, contentStart, contentEnd);
    }
  }

  /** Reads elements one after another from a byte range. */
  static final class Reader {
    private final byte[] data;
    private final int end;
    private int position;

    /** A reader over all of {@code data}. */
    Reader(byte[] data) {
      this(data, 0, data.length);
    }

    private Reader(byte[] data, int start, int end) {
      this.data = data;
      this.position = start;
      this.end = end;
    }

    boolean hasMore() {
      return position < end;
    }

    /** The tag of the next element, without consuming it. */
    int peekTag() throws DerException {
      if (!hasMore()) {
        throw new DerException("unexpected end of data at offset " + position);
      }
      return data[position] & 0xff;
    }

    /** Reads the next element, whatever its tag. */
    Element next() throws DerException {
      int headerStart = position;
      int tag = peekTag();
      if ((tag & 0x1f) == 0x1f) {
        throw new DerException("multi-byte tag at offset " + headerStart + " (not supported)");
      }
      int at = position + 1;
      if (at >= end) {
        throw new DerException("missing length at offset " + at);
      }
      int first = data[at++] & 0xff;
      long length;
      if (first < 0x80) {
        length = first;
      } else if (first == 0x80) {
        throw new DerException("indefinite length at offset " + (at - 1) + " (not DER)");
      } else {
        int count = first & 0x7f;
        if (count > 4) {
          throw new DerException("length of " + count + " octets at offset " + (at - 1));
        }
        if (at + count > end) {
          throw new DerException("truncated length at offset " + (at - 1));
        }
        length = 0;
        for (int i = 0; i < count; i++) {
          length = (length << 8) | (data[at++] & 0xff);
        }
      }
      if (length > end - at) {
        throw new DerException(
            "element at offset "
                + headerStart
                + " claims "
                + length
                + " octets but only "
                + (end - at)
                + " remain");
      }
      position = at + (int) length;
      return new Element(tag, data, headerStart, at, position);
    }

    /** Reads the next element and checks its tag. */
    Element next(int expectedTag, String what) throws DerException {
      int tag = peekTag();
      if (tag != expectedTag) {
        throw new DerException(
            String.format(
                "expected %s (tag 0x%02x) at offset %d, found tag 0x%02x",
                what, expectedTag, position, tag));
      }
      return next();
    }

    /** Reads a SEQUENCE and returns a reader over its elements. */
    Reader sequence(String what) throws DerException {
      return next(SEQUENCE, what).reader();
    }

    /** Reads an INTEGER. */
    BigInteger integer(String what) throws DerException {
      byte[] contents = next(INTEGER, what).contents();
      if (contents.length == 0) {
        throw new DerException(what + " is an empty INTEGER");
      }
      return new BigInteger(contents);
    }

    /** Reads an OCTET STRING. */
    byte[] octetString(String what) throws DerException {
      return next(OCTET_STRING, what).contents();
    }

    /** Reads an OBJECT IDENTIFIER, in dotted form ("1.2.840.113549.1.1.1"). */
    String objectIdentifier(String what) throws DerException {
      return decodeObjectIdentifier(next(OBJECT_IDENTIFIER, what).contents());
    }

    /** Fails unless every element has been read. */
    void expectEnd(String what) throws DerException {
      if (hasMore()) {
        throw new DerException("unexpected data after " + what + " at offset " + position);
      }
    }
  }

  /** Decodes the contents of an OBJECT IDENTIFIER (X.690 section 8.19) to dotted form. */
  static String decodeObjectIdentifier(byte[] contents) throws DerException {
    if (contents.length == 0) {
      throw new DerException("empty OBJECT IDENTIFIER");
    }
    StringBuilder dotted = new StringBuilder();
    long value = 0;
    int bits = 0;
    boolean first = true;
    for (int i = 0; i < contents.length; i++) {
      int octet = contents[i] & 0xff;
      if (bits == 0 && octet == 0x80) {
        throw new DerException("OBJECT IDENTIFIER arc with a leading 0x80 octet");
      }
      value = (value << 7) | (octet & 0x7f);
      bits += 7;
      if (bits > 63) {
        throw new DerException("OBJECT IDENTIFIER arc too large");
      }
      if ((octet & 0x80) != 0) {
        if (i == contents.length - 1) {
          throw new DerException("truncated OBJECT IDENTIFIER");
        }
        continue;
      }
      if (first) {
        // The first subidentifier packs two arcs: 40 * first + second (X.690 8.19.4).
        long top = Math.min(value / 40, 2);
        dotted.append(top).append('.').append(value - 40 * top);
        first = false;
      } else {
        dotted.append('.').append(value);
      }
      value = 0;
      bits = 0;
    }
    return dotted.toString();
  }

  /** One whole element: tag, length and contents. */
  static byte[] element(int tag, byte[] contents) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(contents.length + 6);
    out.write(tag);
    int length = contents.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int count = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | count);
      for (int i = count - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(contents);
    return out.toByteArray();
  }

  /** A SEQUENCE of already encoded elements. */
  static byte[] sequence(byte[]... elements) {
    ByteArrayOutputStream contents = new ByteArrayOutputStream();
    for (byte[] element : elements) {
      contents.writeBytes(element);
    }
    return element(SEQUENCE, contents.toByteArray());
  }

  static byte[] integer(long value) {
    return element(INTEGER, BigInteger.valueOf(value).toByteArray());
  }

  static byte[] octetString(byte[] contents) {
    return element(OCTET_STRING, contents);
  }

  static byte[] nullValue() {
    return element(NULL, new byte[0]);
  }

  /**
   * An OBJECT IDENTIFIER from its dotted form.
   *
   * @throws IllegalArgumentException if {@code dotted} is not at least two numeric arcs (a
   *     programming error: callers pass constants or OIDs decoded by this class)
   */
  static byte[] objectIdentifier(String dotted) {
    String[] parts = dotted.split("\\.", -1);
    if (parts.length < 2) {
      throw new IllegalArgumentException("OID: \"" + dotted + "\" (expected: two arcs or more)");
    }
    long[] arcs = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        arcs[i] = Long.parseLong(parts[i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("OID: \"" + dotted + "\" (expected: numeric arcs)", e);
      }
      if (arcs[i] < 0) {
        throw new IllegalArgumentException("OID: \"" + dotted + "\" (expected: arcs >= 0)");
      }
    }
    if (arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= 40)) {
      throw new IllegalArgumentException("OID: \"" + dotted + "\" (expected: a valid first arc)");
    }
    ByteArrayOutputStream contents = new ByteArrayOutputStream();
    writeBase128(contents, arcs[0] * 40 + arcs[1]);
    for (int i = 2; i < arcs.length; i++) {
      writeBase128(contents, arcs[i]);
    }
    return element(OBJECT_IDENTIFIER, contents.toByteArray());
  }

  private static void writeBase128(ByteArrayOutputStream out, long value) {
    int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
    for (int i = groups - 1; i >= 0; i--) {
      int septet = (int) (value >>> (7 * i)) & 0x7f;
      out.write(i == 0 ? septet : septet | 0x80);
    }
  }
}
