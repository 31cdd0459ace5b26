package io.github.tornadoserver.tls;

import io.github.tornadoserver.tls.Der.DerException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads PEM files (RFC 7468): certificate chains and private keys, with the JDK only.
 *
 * <p>Every failure is an {@link IllegalArgumentException} whose message starts with what the file
 * is for and its path ("private key file /etc/tls/key.pem: ..."), then says what is wrong.
 */
final class PemFiles {
  private static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
  private static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";
  private static final String PBES2 = "1.2.840.113549.1.5.13";
  private static final String PBKDF2 = "1.2.840.113549.1.5.12";
  private static final String HMAC_WITH_SHA1 = "1.2.840.113549.2.7";

  /** PKCS#8 algorithm OIDs to JDK KeyFactory names. */
  private static final Map<String, String> KEY_ALGORITHMS =
      Map.of(
          RSA_ENCRYPTION,
          "RSA",
          "1.2.840.113549.1.1.10",
          "RSASSA-PSS",
          EC_PUBLIC_KEY,
          "EC",
          "1.3.101.112",
          "Ed25519",
          "1.3.101.113",
          "Ed448",
          "1.2.840.10040.4.1",
          "DSA");

  /** PBKDF2 pseudo-random functions (RFC 8018 appendix B.1) to JDK SecretKeyFactory names. */
  private static final Map<String, String> PBKDF2_PRFS =
      Map.of(
          HMAC_WITH_SHA1,
          "PBKDF2WithHmacSHA1",
          "1.2.840.113549.2.8",
          "PBKDF2WithHmacSHA224",
          "1.2.840.113549.2.9",
          "PBKDF2WithHmacSHA256",
          "1.2.840.113549.2.10",
          "PBKDF2WithHmacSHA384",
          "1.2.840.113549.2.11",
          "PBKDF2WithHmacSHA512");

  /** PBES2 encryption schemes (RFC 8018 appendix B.2, RFC 3565) to cipher and key length. */
  private static final Map<String, String[]> PBES2_CIPHERS =
      Map.of(
          "2.16.840.1.101.3.4.1.2", new String[] {"AES/CBC/PKCS5Padding", "AES", "16"},
          "2.16.840.1.101.3.4.1.22", new String[] {"AES/CBC/PKCS5Padding", "AES", "24"},
          "2.16.840.1.101.3.4.1.42", new String[] {"AES/CBC/PKCS5Padding", "AES", "32"},
          "1.2.840.113549.3.7", new String[] {"DESede/CBC/PKCS5Padding", "DESede", "24"});

  private PemFiles() {}

  /** One PEM block: its label ("CERTIFICATE"), decoded contents and where it starts. */
  static final class Block {
    final String label;
    final byte[] der;
    final int line;
    final boolean hasHeaders;

    Block(String label, byte[] der, int line, boolean hasHeaders) {
      this.label = label;
      this.der = der;
      this.line = line;
      this.hasHeaders = hasHeaders;
    }

    String describe() {
      return label + " block at line " + line;
    }
  }

  /** The message of {@code e}, or its type when it has none (an EOFException, say). */
  static String reason(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /** "private key file /x/key.pem": how messages name a file. */
  static String name(String what, Path file) {
    return what + " file " + file;
  }

  /**
   * Reads a whole file, failing with the file named when it is missing, a directory or unreadable.
   */
  static byte[] read(String what, Path file) {
    String name = name(what, file);
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(name + " is a directory (expected: a file)");
    }
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(name + " does not exist", e);
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException(name + " is not readable (permission denied)", e);
    } catch (IOException | SecurityException e) {
      throw new IllegalArgumentException(name + " could not be read: " + e, e);
    }
  }

  /**
   * The PEM blocks of a file, in order. Text outside blocks is ignored, as RFC 7468 allows.
   *
   * @throws IllegalArgumentException naming the file for a block without an END line, or whose body
   *     is not base64
   */
  static List<Block> blocks(String what, Path file, byte[] contents) {
    String name = name(what, file);
    String[] lines = text(contents).split("\r\n|\r|\n", -1);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String label = boundary(lines[i], "-----BEGIN ");
      if (label == null) {
        continue;
      }
      int begin = i;
      i = endLine(name, lines, begin, label);
      blocks.add(block(name, lines, begin, i, label));
    }
    return blocks;
  }

  /**
   * The contents as Latin-1 text, without a UTF-8 byte order mark (some Windows editors add one).
   */
  private static String text(byte[] contents) {
    boolean bom =
        contents.length >= 3
            && (contents[0] & 0xff) == 0xef
            && (contents[1] & 0xff) == 0xbb
            && (contents[2] & 0xff) == 0xbf;
    return bom
        ? new String(contents, 3, contents.length - 3, StandardCharsets.ISO_8859_1)
        : new String(contents, StandardCharsets.ISO_8859_1);
  }

  /**
   * The index of the END line of the block that begins at line {@code begin}.
   *
   * @throws IllegalArgumentException when another boundary comes first, or there is none
   */
  private static int endLine(String name, String[] lines, int begin, String label) {
    String end = "-----END " + label + "-----";
    int i = begin + 1;
    for (; i < lines.length && !lines[i].strip().equals(end); i++) {
      String line = lines[i].strip();
      if (line.startsWith("-----")) {
        throw new IllegalArgumentException(
            name + ": " + label + " block at line " + (begin + 1) + " ends with " + line);
      }
    }
    if (i == lines.length) {
      throw new IllegalArgumentException(
          name + ": " + label + " block at line " + (begin + 1) + " has no " + end + " line");
    }
    return i;
  }

  /** The block between lines {@code begin} and {@code end}: its base64 body decoded. */
  private static Block block(String name, String[] lines, int begin, int end, String label) {
    StringBuilder base64 = new StringBuilder();
    boolean hasHeaders = false;
    for (int i = begin + 1; i < end; i++) {
      String line = lines[i].strip();
      if (line.contains(":")) {
        // RFC 1421 headers, as in OpenSSL's legacy encrypted keys ("Proc-Type: 4,ENCRYPTED").
        hasHeaders = true;
      } else {
        base64.append(line);
      }
    }
    String where = name + ": " + label + " block at line " + (begin + 1);
    byte[] der;
    try {
      der = Base64.getDecoder().decode(base64.toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + " is not valid base64: " + reason(e), e);
    }
    if (der.length == 0) {
      throw new IllegalArgumentException(where + " is empty");
    }
    return new Block(label, der, begin + 1, hasHeaders);
  }

  private static String boundary(String line, String prefix) {
    String stripped = line.strip();
    if (stripped.startsWith(prefix) && stripped.endsWith("-----")) {
      return stripped.substring(prefix.length(), stripped.length() - 5);
    }
    return null;
  }

  /**
   * Every certificate of a PEM file, in file order (for a chain: the end-entity certificate first).
   *
   * @throws IllegalArgumentException naming the file when it cannot be read, holds no CERTIFICATE
   *     block, or a block is not an X.509 certificate
   */
  static List<X509Certificate> certificates(String what, Path file) {
    String name = name(what, file);
    List<X509Certificate> certificates = new ArrayList<>();
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
    }
    for (Block block : blocks(what, file, read(what, file))) {
      if (!block.label.equals("CERTIFICATE") && !block.label.equals("X509 CERTIFICATE")) {
        continue;
      }
      try {
        certificates.add(
            (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der)));
      } catch (CertificateException | ClassCastException e) {
        throw new IllegalArgumentException(
            name + ": " + block.describe() + " is not a valid X.509 certificate: " + reason(e), e);
      }
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException(
          name + ": no PEM certificate block found (expected: -----BEGIN CERTIFICATE-----)");
    }
    return certificates;
  }

  /**
   * The one private key of a PEM file: PKCS#8 ("PRIVATE KEY"), encrypted PKCS#8 ("ENCRYPTED PRIVATE
   * KEY", needs {@code password}), PKCS#1 ("RSA PRIVATE KEY") or SEC1 ("EC PRIVATE KEY"). Other
   * blocks, such as the "EC PARAMETERS" block OpenSSL writes before a SEC1 key, or certificates,
   * are skipped.
   *
   * @param password for an encrypted key; ignored for an unencrypted one; may be null
   * @throws IllegalArgumentException naming the file when it cannot be read, holds no private key
   *     block or more than one, the key is encrypted and no or a wrong password was given, or the
   *     key is malformed or of an algorithm the JDK does not support
   */
  static PrivateKey privateKey(Path file, char[] password) {
    String what = "private key";
    String name = name(what, file);
    Block key = onlyPrivateKeyBlock(name, blocks(what, file, read(what, file)));
    if (key.hasHeaders) {
      throw new IllegalArgumentException(
          name
              + ": "
              + key.describe()
              + " uses OpenSSL's legacy PEM encryption (Proc-Type header), which is not"
              + " supported (expected: PKCS#8; convert with openssl pkcs8 -topk8 -v2 aes-256-cbc)");
    }
    try {
      return decodePrivateKey(name, key, password);
    } catch (DerException | InvalidKeySpecException e) {
      throw new IllegalArgumentException(
          name + ": " + key.describe() + " is not a valid private key: " + reason(e), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalArgumentException(
          name + ": " + key.describe() + " is not supported by this JDK: " + reason(e), e);
    }
  }

  /**
   * The one block whose label ends with "PRIVATE KEY".
   *
   * @throws IllegalArgumentException when there is none or more than one
   */
  private static Block onlyPrivateKeyBlock(String name, List<Block> blocks) {
    Block key = null;
    for (Block block : blocks) {
      if (!block.label.endsWith("PRIVATE KEY")) {
        continue;
      }
      if (key != null) {
        throw new IllegalArgumentException(
            name
                + ": "
                + key.describe()
                + " and "
                + block.describe()
                + " (expected: one private key)");
      }
      key = block;
    }
    if (key == null) {
      throw new IllegalArgumentException(
          name
              + ": no PEM private key block found (expected: -----BEGIN PRIVATE KEY-----, or"
              + " ENCRYPTED PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY)");
    }
    return key;
  }

  /** Decodes {@code key} by its label, decrypting it with {@code password} when it is encrypted. */
  private static PrivateKey decodePrivateKey(String name, Block key, char[] password)
      throws DerException, NoSuchAlgorithmException, InvalidKeySpecException {
    switch (key.label) {
      case "PRIVATE KEY":
        return pkcs8(key.der);
      case "RSA PRIVATE KEY":
        return pkcs8(wrapPkcs1(key.der));
      case "EC PRIVATE KEY":
        return pkcs8(wrapSec1(key.der));
      case "ENCRYPTED PRIVATE KEY":
        if (password == null) {
          throw new IllegalArgumentException(
              name + " is encrypted (ENCRYPTED PRIVATE KEY) but no privateKeyPassword was given");
        }
        return pkcs8(decrypt(name, key.der, password));
      default:
        throw new IllegalArgumentException(
            name
                + ": "
                + key.describe()
                + " is not supported (expected: PRIVATE KEY, ENCRYPTED PRIVATE KEY,"
                + " RSA PRIVATE KEY or EC PRIVATE KEY)");
    }
  }

  /**
   * Decodes an unencrypted PKCS#8 key (RFC 5208 section 5, RFC 5958 section 2):
   *
   * <pre>
   * PrivateKeyInfo ::= SEQUENCE {
   *   version             INTEGER,               -- 0 (v1), or 1 (v2, RFC 5958)
   *   privateKeyAlgorithm AlgorithmIdentifier,   -- SEQUENCE { OID, parameters }
   *   privateKey          OCTET STRING,
   *   attributes          [0] IMPLICIT Attributes OPTIONAL,
   *   publicKey           [1] IMPLICIT BIT STRING OPTIONAL }  -- v2 only
   * </pre>
   */
  static PrivateKey pkcs8(byte[] der)
      throws DerException, NoSuchAlgorithmException, InvalidKeySpecException {
    Der.Reader outer = new Der.Reader(der);
    Der.Reader info = outer.sequence("PrivateKeyInfo");
    outer.expectEnd("PrivateKeyInfo");
    BigInteger version = info.integer("version");
    if (version.signum() < 0 || version.compareTo(BigInteger.ONE) > 0) {
      throw new DerException("PrivateKeyInfo version " + version + " (expected: 0 or 1)");
    }
    String oid = info.sequence("privateKeyAlgorithm").objectIdentifier("algorithm");
    String algorithm = KEY_ALGORITHMS.get(oid);
    if (algorithm == null) {
      throw new NoSuchAlgorithmException(
          "private key algorithm OID "
              + oid
              + " (expected: RSA, RSASSA-PSS, EC, Ed25519, Ed448 or DSA)");
    }
    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
  }

  /**
   * Wraps a PKCS#1 RSA key (RFC 8017 appendix A.1.2, {@code RSAPrivateKey ::= SEQUENCE { version,
   * modulus, publicExponent, privateExponent, ... }}) into a PKCS#8 PrivateKeyInfo (RFC 5208) with
   * algorithm rsaEncryption (RFC 8017 appendix A.1: OID 1.2.840.113549.1.1.1, parameters NULL).
   */
  static byte[] wrapPkcs1(byte[] rsaPrivateKey) throws DerException {
    Der.Reader outer = new Der.Reader(rsaPrivateKey);
    Der.Reader key = outer.sequence("RSAPrivateKey");
    outer.expectEnd("RSAPrivateKey");
    BigInteger version = key.integer("version");
    if (version.signum() != 0 && !version.equals(BigInteger.ONE)) {
      throw new DerException("RSAPrivateKey version " + version + " (expected: 0 or 1)");
    }
    return Der.sequence(
        Der.integer(0),
        Der.sequence(Der.objectIdentifier(RSA_ENCRYPTION), Der.nullValue()),
        Der.octetString(rsaPrivateKey));
  }

  /**
   * Wraps a SEC1 EC key (RFC 5915 section 3) into a PKCS#8 PrivateKeyInfo (RFC 5208) with algorithm
   * id-ecPublicKey and the key's named curve as parameters (RFC 5480 section 2.1.1):
   *
   * <pre>
   * ECPrivateKey ::= SEQUENCE {
   *   version        INTEGER { ecPrivkeyVer1(1) },
   *   privateKey     OCTET STRING,
   *   parameters [0] ECParameters {{ NamedCurve }} OPTIONAL,  -- namedCurve OBJECT IDENTIFIER
   *   publicKey  [1] BIT STRING OPTIONAL }
   * </pre>
   *
   * The curve is required: a SEC1 key without it cannot be used.
   */
  static byte[] wrapSec1(byte[] ecPrivateKey) throws DerException {
    Der.Reader outer = new Der.Reader(ecPrivateKey);
    Der.Reader key = outer.sequence("ECPrivateKey");
    outer.expectEnd("ECPrivateKey");
    BigInteger version = key.integer("version");
    if (!version.equals(BigInteger.ONE)) {
      throw new DerException("ECPrivateKey version " + version + " (expected: 1)");
    }
    key.octetString("privateKey");
    String curve = null;
    while (key.hasMore()) {
      Der.Element element = key.next();
      if (element.tag() == Der.contextTag(0, true)) {
        Der.Reader parameters = element.reader();
        if (parameters.peekTag() != Der.OBJECT_IDENTIFIER) {
          throw new DerException(
              "ECPrivateKey has explicit curve parameters (expected: a named curve OID)");
        }
        curve = parameters.objectIdentifier("namedCurve");
        parameters.expectEnd("namedCurve");
      }
    }
    if (curve == null) {
      throw new DerException("ECPrivateKey has no curve parameters (expected: [0] namedCurve)");
    }
    return Der.sequence(
        Der.integer(0),
        Der.sequence(Der.objectIdentifier(EC_PUBLIC_KEY), Der.objectIdentifier(curve)),
        Der.octetString(ecPrivateKey));
  }

  /**
   * Decrypts an EncryptedPrivateKeyInfo (RFC 5208 section 6, RFC 5958 section 3) to the DER of the
   * PrivateKeyInfo inside. PBES2 with PBKDF2 (RFC 8018 section 6.2, appendix A.2 and A.4), what
   * OpenSSL 3 writes, is decoded here so that it works the same on every JDK; the older PBES1 and
   * PKCS#12 schemes are left to the JDK.
   */
  private static byte[] decrypt(String name, byte[] der, char[] password) throws DerException {
    Der.Reader outer = new Der.Reader(der);
    Der.Reader info = outer.sequence("EncryptedPrivateKeyInfo");
    outer.expectEnd("EncryptedPrivateKeyInfo");
    Der.Reader algorithm = info.sequence("encryptionAlgorithm");
    String scheme = algorithm.objectIdentifier("algorithm");
    byte[] encrypted = info.octetString("encryptedData");
    byte[] plain;
    try {
      if (scheme.equals(PBES2)) {
        plain = decryptPbes2(algorithm.sequence("PBES2-params"), encrypted, password);
      } else {
        EncryptedPrivateKeyInfo jdkInfo = new EncryptedPrivateKeyInfo(der);
        String jdkName = jdkInfo.getAlgName();
        SecretKeyFactory factory = SecretKeyFactory.getInstance(jdkName);
        Cipher cipher = Cipher.getInstance(jdkName);
        cipher.init(
            Cipher.DECRYPT_MODE,
            factory.generateSecret(new PBEKeySpec(password)),
            jdkInfo.getAlgParameters());
        plain = cipher.doFinal(encrypted);
      }
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalArgumentException(
          name + ": the key's encryption is not supported by this JDK: " + reason(e), e);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          name + " could not be decrypted with the privateKeyPassword given (wrong password?)", e);
    }
    // A wrong password sometimes yields valid padding around garbage: check that it is a key.
    try {
      new Der.Reader(plain).sequence("PrivateKeyInfo");
      return plain;
    } catch (DerException e) {
      throw new IllegalArgumentException(
          name + " could not be decrypted with the privateKeyPassword given (wrong password?)", e);
    }
  }

  /**
   * PBES2 decryption (RFC 8018 section 6.2.2):
   *
   * <pre>
   * PBES2-params ::= SEQUENCE {
   *   keyDerivationFunc AlgorithmIdentifier,  -- id-PBKDF2 with PBKDF2-params
   *   encryptionScheme  AlgorithmIdentifier } -- e.g. aes256-CBC-PAD with the IV as OCTET STRING
   * PBKDF2-params ::= SEQUENCE {
   *   salt           OCTET STRING,
   *   iterationCount INTEGER,
   *   keyLength      INTEGER OPTIONAL,
   *   prf            AlgorithmIdentifier DEFAULT hmacWithSHA1 }
   * </pre>
   */
  private static byte[] decryptPbes2(Der.Reader params, byte[] encrypted, char[] password)
      throws DerException, GeneralSecurityException {
    Der.Reader kdf = params.sequence("keyDerivationFunc");
    String kdfOid = kdf.objectIdentifier("keyDerivationFunc algorithm");
    if (!kdfOid.equals(PBKDF2)) {
      throw new NoSuchAlgorithmException(
          "key derivation function OID " + kdfOid + " (expected: PBKDF2, " + PBKDF2 + ")");
    }
    Der.Reader pbkdf2 = kdf.sequence("PBKDF2-params");
    byte[] salt = pbkdf2.octetString("salt");
    int iterations = positiveInt(pbkdf2.integer("iterationCount"), "iterationCount");
    int keyLength = -1;
    String prf = HMAC_WITH_SHA1;
    if (pbkdf2.hasMore() && pbkdf2.peekTag() == Der.INTEGER) {
      keyLength = positiveInt(pbkdf2.integer("keyLength"), "keyLength");
    }
    if (pbkdf2.hasMore()) {
      prf = pbkdf2.sequence("prf").objectIdentifier("prf algorithm");
    }
    String prfName = PBKDF2_PRFS.get(prf);
    if (prfName == null) {
      throw new NoSuchAlgorithmException("PBKDF2 pseudo-random function OID " + prf);
    }
    Der.Reader encryption = params.sequence("encryptionScheme");
    String cipherOid = encryption.objectIdentifier("encryptionScheme algorithm");
    String[] cipherSpec = PBES2_CIPHERS.get(cipherOid);
    if (cipherSpec == null) {
      throw new NoSuchAlgorithmException(
          "PBES2 encryption scheme OID " + cipherOid + " (expected: AES-CBC or DES-EDE3-CBC)");
    }
    byte[] iv = encryption.octetString("initialization vector");
    if (keyLength < 0) {
      keyLength = Integer.parseInt(cipherSpec[2]);
    }
    byte[] derived =
        SecretKeyFactory.getInstance(prfName)
            .generateSecret(new PBEKeySpec(password, salt, iterations, keyLength * 8))
            .getEncoded();
    try {
      Cipher cipher = Cipher.getInstance(cipherSpec[0]);
      cipher.init(
          Cipher.DECRYPT_MODE, new SecretKeySpec(derived, cipherSpec[1]), new IvParameterSpec(iv));
      return cipher.doFinal(encrypted);
    } finally {
      Arrays.fill(derived, (byte) 0);
    }
  }

  private static int positiveInt(BigInteger value, String what) throws DerException {
    if (value.signum() <= 0 || value.bitLength() > 31) {
      throw new DerException(what + " " + value + " (expected: a positive int)");
    }
    return value.intValue();
  }

  /**
   * Whether {@code key} is the private half of {@code publicKey}. RSA keys compare moduli; other
   * keys sign a random challenge and verify it. Keys of an algorithm this method cannot check are
   * assumed to match (the TLS handshake will tell).
   */
  static boolean matches(PrivateKey key, PublicKey publicKey) {
    if (key instanceof RSAKey && publicKey instanceof RSAKey) {
      return ((RSAKey) key).getModulus().equals(((RSAKey) publicKey).getModulus());
    }
    if (key instanceof RSAKey || publicKey instanceof RSAKey) {
      return false;
    }
    if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
      return false;
    }
    String signatureAlgorithm;
    switch (key.getAlgorithm()) {
      case "EC":
        signatureAlgorithm = "SHA256withECDSA";
        break;
      case "DSA":
        signatureAlgorithm = "SHA256withDSA";
        break;
      case "EdDSA":
      case "Ed25519":
      case "Ed448":
        signatureAlgorithm = key.getAlgorithm();
        break;
      default:
        return true;
    }
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    try {
      Signature signer = Signature.getInstance(signatureAlgorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(signatureAlgorithm);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (NoSuchAlgorithmException e) {
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
