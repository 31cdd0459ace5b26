package io.github.tornadoserver.httputil;

import java.util.Objects;

/**
 * The body a server-generated refusal (400, 413, 414, 431, 501, 505) carries, as an {@link
 * HTTPMessageDelegate} chooses in {@link HTTPMessageDelegate#rejected}.
 *
 * @param contentType the {@code Content-Type} value; printable ASCII without CR or LF
 * @param content the bytes sent after the head
 */
public record RejectionBody(String contentType, byte[] content) {
  /**
   * @throws IllegalArgumentException when {@code contentType} holds a character outside printable
   *     ASCII, which would break the response head
   */
  public RejectionBody {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(content, "content");
    for (int i = 0; i < contentType.length(); i++) {
      char c = contentType.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException(
            "contentType: \"" + contentType + "\" (expected: printable ASCII)");
      }
    }
  }
}
