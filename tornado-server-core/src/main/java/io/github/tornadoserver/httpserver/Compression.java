package io.github.tornadoserver.httpserver;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether and what the server gzips in its responses, Tornado's {@code compress_response}; off by
 * default ({@link #off()}).
 *
 * <p>A response is compressed when every rule holds: the request is not {@code HEAD}; the status is
 * not 1xx, 204, 206 or 304; the response has no {@code Content-Encoding}, {@code Content-Range} or
 * {@code Transfer-Encoding} of its own; its {@code Content-Type} is in {@link #mimeTypes} (an entry
 * {@code type/*} matches every subtype); its {@code Content-Length} is at least {@link
 * #minResponseSize}, or it has none (a streamed response, compressed whatever its size, as Tornado
 * does: its size is not known when the head is written); the client's {@code Accept-Encoding} takes
 * {@code gzip} (a {@code q=0} refuses it) and its {@code User-Agent} is not one of {@link
 * #excludedUserAgents}. Every response that passed the rules before {@code Accept-Encoding} carries
 * {@code Vary: Accept-Encoding}, whether or not it was compressed.
 *
 * @param enabled whether responses are compressed at all
 * @param minResponseSize the smallest {@code Content-Length} compressed, in bytes
 * @param mimeTypes the media types compressed, lower case, without parameters
 * @param excludedUserAgents {@code User-Agent} values (whole, exact) never sent a compressed body
 * @param level the deflate level, 1 (fastest) to 9 (smallest)
 */
public record Compression(
    boolean enabled,
    long minResponseSize,
    Set<String> mimeTypes,
    Set<String> excludedUserAgents,
    int level) {

  /** Spring Boot's {@code server.compression.min-response-size} default: 2 KiB. */
  public static final long DEFAULT_MIN_RESPONSE_SIZE = 2048;

  /** Spring Boot's {@code server.compression.mime-types} default. */
  public static final List<String> DEFAULT_MIME_TYPES =
      List.of(
          "text/html",
          "text/xml",
          "text/plain",
          "text/css",
          "text/javascript",
          "application/javascript",
          "application/json",
          "application/xml");

  /** Tornado's {@code GZipContentEncoding.GZIP_LEVEL}, also zlib's default. */
  public static final int DEFAULT_LEVEL = 6;

  /**
   * Checks the values and normalises the media types.
   *
   * @throws IllegalArgumentException quoting a size below 0 or a level outside 1-9
   */
  public Compression {
    if (minResponseSize < 0) {
      throw new IllegalArgumentException(
          "minResponseSize: " + minResponseSize + " (expected: >= 0)");
    }
    if (level < 1 || level > 9) {
      throw new IllegalArgumentException("level: " + level + " (expected: 1 to 9)");
    }
    mimeTypes =
        mimeTypes.stream()
            .map(type -> type.trim().toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    excludedUserAgents = Set.copyOf(excludedUserAgents);
  }

  /** No compression: the default. */
  public static Compression off() {
    return new Compression(
        false, DEFAULT_MIN_RESPONSE_SIZE, Set.copyOf(DEFAULT_MIME_TYPES), Set.of(), DEFAULT_LEVEL);
  }

  /** Compression on, with Spring Boot's defaults: 2 KiB, its media types, level 6. */
  public static Compression defaults() {
    return off().withEnabled(true);
  }

  public Compression withEnabled(boolean value) {
    return new Compression(value, minResponseSize, mimeTypes, excludedUserAgents, level);
  }

  public Compression withMinResponseSize(long value) {
    return new Compression(enabled, value, mimeTypes, excludedUserAgents, level);
  }

  public Compression withMimeTypes(Set<String> value) {
    return new Compression(
        enabled, minResponseSize, Objects.requireNonNull(value), excludedUserAgents, level);
  }

  public Compression withExcludedUserAgents(Set<String> value) {
    return new Compression(
        enabled, minResponseSize, mimeTypes, Objects.requireNonNull(value), level);
  }

  public Compression withLevel(int value) {
    return new Compression(enabled, minResponseSize, mimeTypes, excludedUserAgents, value);
  }

  /** Whether a {@code Content-Type} value (parameters allowed) names a listed media type. */
  boolean compresses(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String type =
        (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    if (mimeTypes.contains(type)) {
      return true;
    }
    int slash = type.indexOf('/');
    return slash > 0 && mimeTypes.contains(type.substring(0, slash) + "/*");
  }
}
