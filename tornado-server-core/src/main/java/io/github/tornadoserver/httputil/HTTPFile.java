package io.github.tornadoserver.httputil;

import java.util.Arrays;
import java.util.Objects;

/**
 * A file uploaded in a {@code multipart/form-data} body (RFC 7578 section 4.2). Tornado's {@code
 * HTTPFile}.
 *
 * <p>The body array is not copied, for speed; callers that hand it on should not modify it. {@link
 * #equals} and {@link #hashCode} compare the body by content.
 *
 * @param filename the file name from the part's {@code Content-Disposition}, never empty
 * @param body the part's content
 * @param contentType the part's {@code Content-Type}, {@code application/unknown} when absent (as
 *     Tornado)
 */
public record HTTPFile(String filename, byte[] body, String contentType) {

  /**
   * Checks the components.
   *
   * @throws NullPointerException if any component is null
   */
  public HTTPFile {
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(contentType, "contentType");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HTTPFile f
        && filename.equals(f.filename)
        && Arrays.equals(body, f.body)
        && contentType.equals(f.contentType);
  }

  @Override
  public int hashCode() {
    return Objects.hash(filename, Arrays.hashCode(body), contentType);
  }

  /** Names the file, its type and size, never its content. */
  @Override
  public String toString() {
    return "HTTPFile[filename="
        + filename
        + ", contentType="
        + contentType
        + ", "
        + body.length
        + " bytes]";
  }
}
