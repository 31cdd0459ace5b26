package io.github.tornadoserver.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tornadoserver.tls.Der.DerException;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class DerTest {
  private static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  @Test
  void rsaEncryptionOidHasItsWellKnownEncoding() throws Exception {
    byte[] encoded = Der.objectIdentifier("1.2.840.113549.1.1.1");

    assertThat(encoded)
        .isEqualTo(bytes(0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01));
    assertThat(new Der.Reader(encoded).objectIdentifier("oid")).isEqualTo("1.2.840.113549.1.1.1");
  }

  @Test
  void objectIdentifiersRoundTrip() throws Exception {
    for (String oid :
        new String[] {"1.3.101.112", "1.2.840.10045.3.1.7", "2.999.3", "0.0", "2.16.840.1.101"}) {
      assertThat(new Der.Reader(Der.objectIdentifier(oid)).objectIdentifier("oid")).isEqualTo(oid);
    }
  }

  @Test
  void malformedOidTextIsRefused() {
    assertThatThrownBy(() -> Der.objectIdentifier("1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("OID: \"1\" (expected: two arcs or more)");
    assertThatThrownBy(() -> Der.objectIdentifier("1.x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("OID: \"1.x\" (expected: numeric arcs)");
    assertThatThrownBy(() -> Der.objectIdentifier("1.40"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("OID: \"1.40\" (expected: a valid first arc)");
  }

  @Test
  void longLengthsUseTheLongForm() throws Exception {
    byte[] contents = new byte[300];
    contents[299] = 7;
    byte[] encoded = Der.octetString(contents);

    assertThat(encoded).startsWith(bytes(0x04, 0x82, 0x01, 0x2c));
    assertThat(new Der.Reader(encoded).octetString("data")).isEqualTo(contents);
  }

  @Test
  void sequencesNestAndReadBack() throws Exception {
    byte[] encoded =
        Der.sequence(Der.integer(0), Der.sequence(Der.objectIdentifier("1.2.3"), Der.nullValue()));

    Der.Reader outer = new Der.Reader(encoded);
    Der.Reader sequence = outer.sequence("outer");
    outer.expectEnd("outer");
    assertThat(sequence.integer("version")).isEqualTo(BigInteger.ZERO);
    Der.Reader inner = sequence.sequence("inner");
    assertThat(inner.objectIdentifier("algorithm")).isEqualTo("1.2.3");
    assertThat(inner.next().tag()).isEqualTo(Der.NULL);
    assertThat(inner.hasMore()).isFalse();
    sequence.expectEnd("outer");
  }

  @Test
  void lengthRunningPastTheEndIsMalformed() {
    assertThatThrownBy(() -> new Der.Reader(bytes(0x30, 0x05, 0x02, 0x01)).next())
        .isInstanceOf(DerException.class)
        .hasMessage("element at offset 0 claims 5 octets but only 2 remain");
  }

  @Test
  void indefiniteLengthIsNotDer() {
    assertThatThrownBy(() -> new Der.Reader(bytes(0x30, 0x80, 0x00, 0x00)).next())
        .isInstanceOf(DerException.class)
        .hasMessage("indefinite length at offset 1 (not DER)");
  }

  @Test
  void multiByteTagsAreRefused() {
    assertThatThrownBy(() -> new Der.Reader(bytes(0x1f, 0x81, 0x00)).next())
        .isInstanceOf(DerException.class)
        .hasMessage("multi-byte tag at offset 0 (not supported)");
  }

  @Test
  void emptyInputAndMissingLengthAreMalformed() {
    assertThatThrownBy(() -> new Der.Reader(new byte[0]).next())
        .isInstanceOf(DerException.class)
        .hasMessage("unexpected end of data at offset 0");
    assertThatThrownBy(() -> new Der.Reader(bytes(0x30)).next())
        .isInstanceOf(DerException.class)
        .hasMessage("missing length at offset 1");
  }

  @Test
  void unexpectedTagIsReportedWithWhatWasExpected() {
    assertThatThrownBy(() -> new Der.Reader(Der.integer(1)).sequence("PrivateKeyInfo"))
        .isInstanceOf(DerException.class)
        .hasMessage("expected PrivateKeyInfo (tag 0x30) at offset 0, found tag 0x02");
  }

  @Test
  void trailingDataIsReported() throws Exception {
    byte[] twoElements = new byte[6];
    System.arraycopy(Der.integer(1), 0, twoElements, 0, 3);
    System.arraycopy(Der.integer(2), 0, twoElements, 3, 3);
    Der.Reader reader = new Der.Reader(twoElements);
    reader.integer("first");

    assertThatThrownBy(() -> reader.expectEnd("first"))
        .isInstanceOf(DerException.class)
        .hasMessage("unexpected data after first at offset 3");
  }

  @Test
  void truncatedOidIsMalformed() {
    assertThatThrownBy(() -> new Der.Reader(bytes(0x06, 0x02, 0x2a, 0x86)).objectIdentifier("oid"))
        .isInstanceOf(DerException.class)
        .hasMessage("truncated OBJECT IDENTIFIER");
  }
}
