package io.github.tornadoserver.netutil;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IsValidIpTest {

  private static void assertValid(String... ips) {
    for (String ip : ips) {
      assertThat(NetUtil.isValidIp(ip)).as("isValidIp(%s)", quoted(ip)).isTrue();
    }
  }

  private static void assertInvalid(String... ips) {
    for (String ip : ips) {
      assertThat(NetUtil.isValidIp(ip)).as("isValidIp(%s)", quoted(ip)).isFalse();
    }
  }

  private static String quoted(String s) {
    return s == null ? "null" : "\"" + s.replace("\n", "\\n").replace("\0", "\\0") + "\"";
  }

  @Test
  void acceptsTheAddressesTornadoAccepts() {
    // tornado.md section 1.7, netutil_test.IsValidIPTest: the "True" column.
    assertValid("127.0.0.1", "::1", "2620:0:1cfe:face:b00c::3", "::ffff:1.2.3.4", "fe80::1%lo");
  }

  @Test
  void rejectsTheAddressesTornadoRejects() {
    // The "False" column, except fe80::1%eth99 (see the zone id test).
    assertInvalid(
        "www.google.com",
        "localhost",
        "4.4.4.4<",
        " 127.0.0.1",
        "1.2.3.4 ",
        "[::1]",
        "1.2.3.256",
        "::1/128",
        "a".repeat(100),
        "\n");
  }

  @Test
  void rejectsTheLegacyInetAtonFormsThatTornadoAccepts() {
    // Deliberate difference (tornado.md Q10): shorthand, hex, octal and 32-bit integer forms.
    assertInvalid("127.1", "0x7f.0.0.1", "017.0.0.1", "1", "4294967295", "10.1.1");
  }

  @Test
  void rejectsNullEmptyNulAndWhitespace() {
    assertInvalid(null, "", "\0", "127.0.0.1\0", "::1\0", "1.2.3.4\t", "1.2. 3.4", " ", "\r\n");
  }

  @Test
  void acceptsDottedQuadsAtTheirBounds() {
    assertValid("0.0.0.0", "255.255.255.255", "10.0.0.1", "192.168.100.200");
  }

  @Test
  void rejectsMalformedDottedQuads() {
    assertInvalid(
        "1.2.3",
        "1.2.3.4.5",
        "1.2.3.",
        ".1.2.3",
        "1..2.3",
        "1.2.3.4.",
        "256.0.0.0",
        "1.2.3.1000",
        "1.2.3.-1",
        "+1.2.3.4",
        "1.2.3.a");
  }

  @Test
  void rejectsLeadingZerosInDottedQuads() {
    // inet_aton reads 010 as octal 8, most other parsers as decimal 10: ambiguous, so refused.
    assertInvalid("01.2.3.4", "1.2.3.04", "00.0.0.0", "1.2.3.000", "::ffff:1.2.3.04");
  }

  @Test
  void rejectsDigitsOfOtherScripts() {
    assertInvalid("\uff11.2.3.4", "1.2.3.\u0664", "::\u0661");
  }

  @Test
  void acceptsEveryRfc4291TextForm() {
    assertValid(
        "::",
        "::0",
        "1::",
        "0:0:0:0:0:0:0:0",
        "1:2:3:4:5:6:7:8",
        "ABCD:EF01:2345:6789:ABCD:EF01:2345:6789",
        "2001:DB8:0:0:8:800:200C:417A",
        "2001:db8::8:800:200c:417a",
        "FF01::101",
        "1::8",
        "1:2:3:4:5:6:7::",
        "::2:3:4:5:6:7:8",
        "1:2:3:4:5:6::8",
        "0:0:0:0:0:0:13.1.68.3",
        "::13.1.68.3",
        "0:0:0:0:0:FFFF:129.144.52.38",
        "::FFFF:129.144.52.38",
        "1:2:3:4:5:6:1.2.3.4",
        "1::1.2.3.4",
        "00ff::0001");
  }

  @Test
  void rejectsMalformedIpv6() {
    assertInvalid(
        ":",
        ":::",
        "::::",
        "1::2::3",
        "::1::",
        "1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8",
        "1:2:3:4::5:6:7:8",
        "12345::",
        "::12345",
        "1:2:3:4:5:6:7:00000",
        ":1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7:8:",
        ":1::",
        "1::2:",
        "1:::2",
        "g::",
        "::1.2.3.4:5",
        "1.2.3.4::",
        "::1.2.3.4.5",
        "::1.2.3",
        "1:2:3:4:5:6:7:1.2.3.4",
        "::ffff:1.2.3.256",
        "1:2:3:4:5:6:7:8/64",
        "[::1]",
        "::1 ",
        " ::1",
        "::-1");
  }

  @Test
  void acceptsZoneIdsByTheirSyntaxOnly() {
    // Deliberate difference: Tornado (via getaddrinfo) rejects fe80::1%eth99 when the host has no
    // interface eth99; a syntactic check cannot know, and must not depend on the host.
    assertValid("fe80::1%eth99", "fe80::1%2", "fe80::1%en0", "fe80::1%br-lan.10_x", "::1%lo");
  }

  @Test
  void rejectsMalformedZoneIds() {
    assertInvalid(
        "fe80::1%",
        "fe80::1% lo",
        "fe80::1%lo ",
        "fe80::1%lo%2",
        "fe80::1%l/o",
        "fe80::1%\0",
        "%lo",
        "1.2.3.4%lo",
        "fe80::1%[lo]");
  }
}
