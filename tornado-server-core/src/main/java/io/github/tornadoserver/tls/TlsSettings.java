package io.github.tornadoserver.tls;

import io.github.tornadoserver.tls.SSLOptions.ClientAuth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The settings every {@link SSLOptions} shape shares, whatever the key and trust come from. Set
 * them through the shape's builder ({@link OptionsBuilder}); this value is what {@code build()}
 * keeps.
 *
 * @param clientAuth whether a server asks for a client certificate: Tornado's {@code cert_reqs}
 * @param protocols the TLS versions to enable by JSSE name, in order of preference, without
 *     duplicates; never empty. Names the JDK does not support are left out of each engine
 * @param ciphers the cipher suites to enable by JSSE (IANA) name, in order of preference, without
 *     duplicates; empty for the JDK's defaults
 * @param checkHostname client side: whether the server's certificate must be for the host connected
 *     to (RFC 6125, as for HTTPS)
 */
public record TlsSettings(
    ClientAuth clientAuth, List<String> protocols, List<String> ciphers, boolean checkHostname) {
  private static final TlsSettings DEFAULTS =
      new TlsSettings(ClientAuth.NONE, List.of("TLSv1.3", "TLSv1.2"), List.of(), true);

  /**
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if there are no protocols, a name is null or blank, or a
   *     cipher looks like an OpenSSL cipher string (the message quotes the names)
   */
  public TlsSettings {
    Objects.requireNonNull(clientAuth, "clientAuth");
    protocols = names("protocols", protocols, "protocol names such as TLSv1.3");
    Objects.requireNonNull(ciphers, "ciphers");
    ciphers = ciphers.isEmpty() ? List.of() : cipherNames(ciphers);
  }

  /**
   * No client certificate asked for, TLSv1.3 and TLSv1.2, the JDK's ciphers, host names checked.
   */
  public static TlsSettings defaults() {
    return DEFAULTS;
  }

  /** The protocols, de-duplicated in order; see {@link OptionsBuilder#protocols}. */
  static List<String> protocolNames(String... protocols) {
    Objects.requireNonNull(protocols, "protocols");
    return names("protocols", Arrays.asList(protocols), "protocol names such as TLSv1.3");
  }

  /** The ciphers, de-duplicated in order; see {@link OptionsBuilder#ciphers}. */
  static List<String> cipherNames(List<String> ciphers) {
    List<String> names =
        names("ciphers", ciphers, "cipher suite names such as TLS_AES_128_GCM_SHA256");
    for (String name : names) {
      if (name.matches(".*[:+!\\s].*")) {
        throw new IllegalArgumentException(
            "ciphers: "
                + names
                + " (expected: JSSE cipher suite names such as TLS_AES_128_GCM_SHA256, not an"
                + " OpenSSL cipher string)");
      }
    }
    return names;
  }

  private static List<String> names(String what, List<String> values, String expected) {
    Objects.requireNonNull(values, what);
    if (values.isEmpty()) {
      throw new IllegalArgumentException(what + ": [] (expected: at least one)");
    }
    LinkedHashSet<String> names = new LinkedHashSet<>();
    for (String value : values) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(
            what + ": " + quoted(values) + " (expected: " + expected + ")");
      }
      names.add(value);
    }
    return List.copyOf(names);
  }

  private static List<String> quoted(List<String> values) {
    List<String> given = new ArrayList<>();
    for (String value : values) {
      given.add(value == null ? null : "\"" + value + "\"");
    }
    return given;
  }
}
