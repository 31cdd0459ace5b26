package io.github.tornadoserver.spring.actuate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/**
 * Content negotiation of RFC 9110 section 12.5.1 for the endpoints: which of the media types an
 * operation produces a request's {@code Accept} header prefers, and whether a request body's {@code
 * Content-Type} is one it consumes. Stateless and thread-safe.
 */
final class MediaNegotiation {
  private static final MimeType ANY = MimeTypeUtils.ALL;

  private MediaNegotiation() {}

  /**
   * The types {@code accept} (every {@code Accept} field value of a request) lists, most preferred
   * first: by quality, then in the order given; a type of quality 0 is left out. No header at all
   * accepts anything.
   *
   * @throws InvalidMimeTypeException when a listed type is malformed
   */
  static List<MimeType> accepted(List<String> accept) {
    List<MimeType> types = new ArrayList<>();
    for (String field : accept) {
      for (String token : MimeTypeUtils.tokenize(field)) {
        MimeType type = MimeTypeUtils.parseMimeType(token.trim());
        if (quality(type) > 0) {
          types.add(type);
        }
      }
    }
    if (accept.isEmpty()) {
      types.add(ANY);
    }
    types.sort(Comparator.comparingDouble(MediaNegotiation::quality).reversed());
    return types;
  }

  /** The {@code q} parameter of {@code type}: 1 when absent, 0 when malformed. */
  static double quality(MimeType type) {
    String q = type.getParameter("q");
    if (q == null) {
      return 1;
    }
    try {
      return Double.parseDouble(q);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * The first of {@code produced} that the most preferred of {@code accepted} is compatible with,
   * or null when none is.
   */
  static MimeType choose(List<MimeType> accepted, Collection<String> produced) {
    for (MimeType wanted : accepted) {
      for (String candidate : produced) {
        MimeType type = MimeTypeUtils.parseMimeType(candidate);
        if (wanted.isCompatibleWith(type)) {
          return type;
        }
      }
    }
    return null;
  }

  /**
   * Whether a body sent as {@code contentType} (null when the request did not say) is one of {@code
   * consumed}; an operation that consumes nothing in particular takes any.
   *
   * @throws InvalidMimeTypeException when {@code contentType} is malformed
   */
  static boolean consumes(Collection<String> consumed, String contentType) {
    if (consumed.isEmpty()) {
      return true;
    }
    if (contentType == null) {
      return false;
    }
    MimeType sent = MimeTypeUtils.parseMimeType(contentType);
    return consumed.stream().map(MimeTypeUtils::parseMimeType).anyMatch(t -> t.includes(sent));
  }
}
