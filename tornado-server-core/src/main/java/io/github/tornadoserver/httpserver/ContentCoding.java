package io.github.tornadoserver.httpserver;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.HTTPUtil;
import java.util.List;

/**
 * Decides, from the request and the response head, whether a response is gzipped and whether it
 * says {@code Vary: Accept-Encoding}; the rules are {@link Compression}'s.
 */
final class ContentCoding {
  private ContentCoding() {}

  /** What happens to one response. */
  enum Choice {
    /** Sent as written: the rules before {@code Accept-Encoding} exclude it. */
    IDENTITY,
    /** Sent as written, with {@code Vary}: this client does not get gzip, another might. */
    VARY_ONLY,
    /** Gzipped, with {@code Vary}. */
    GZIP
  }

  static Choice choose(
      Compression options,
      String method,
      HTTPHeaders request,
      int status,
      HTTPHeaders response,
      long declaredLength) {
    if (!compressible(options, method, status, response, declaredLength)) {
      return Choice.IDENTITY;
    }
    String agent = request.getFirst("User-Agent");
    if (agent != null && options.excludedUserAgents().contains(agent)) {
      return Choice.VARY_ONLY;
    }
    return acceptsGzip(request.getList("Accept-Encoding")) ? Choice.GZIP : Choice.VARY_ONLY;
  }

  /** Every rule that does not look at the client. */
  private static boolean compressible(
      Compression options, String method, int status, HTTPHeaders response, long declaredLength) {
    if ("HEAD".equals(method) || status < 200 || status == 204 || status == 206) {
      return false;
    }
    if (status == 304
        || response.contains("Content-Encoding")
        || response.contains("Content-Range")
        || response.contains("Transfer-Encoding")) {
      return false;
    }
    if (declaredLength >= 0 && declaredLength < options.minResponseSize()) {
      return false;
    }
    return options.compresses(response.getFirst("Content-Type"));
  }

  /**
   * Whether {@code Accept-Encoding} takes gzip (RFC 9110 §12.5.3): {@code gzip} or {@code x-gzip}
   * with a non-zero weight, else {@code *} with a non-zero weight. No field: no gzip.
   */
  static boolean acceptsGzip(List<String> fields) {
    double gzip = -1;
    double any = -1;
    for (String field : fields) {
      for (String element : field.split(",")) {
        int semi = element.indexOf(';');
        String coding = (semi < 0 ? element : element.substring(0, semi)).trim();
        double weight = semi < 0 ? 1 : weight(element.substring(semi + 1));
        if (coding.equalsIgnoreCase("gzip") || coding.equalsIgnoreCase("x-gzip")) {
          gzip = Math.max(gzip, weight);
        } else if (coding.equals("*")) {
          any = Math.max(any, weight);
        }
      }
    }
    return gzip >= 0 ? gzip > 0 : any > 0;
  }

  /** The {@code q} of a parameter list such as {@code " q=0.5"}; 1 without one, 0 if malformed. */
  private static double weight(String params) {
    for (String param : params.split(";")) {
      String p = param.trim();
      if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
        try {
          double q = Double.parseDouble(p.substring(2));
          return q >= 0 && q <= 1 ? q : 0;
        } catch (NumberFormatException malformed) {
          return 0;
        }
      }
    }
    return 1;
  }

  /** Adds {@code Accept-Encoding} to {@code Vary}, unless it is there already or {@code *}. */
  static void addVary(HTTPHeaders response) {
    List<String> vary = response.getList("Vary");
    if (vary.isEmpty()) {
      response.add("Vary", "Accept-Encoding");
    } else if (!HTTPUtil.hasToken(vary, "Accept-Encoding") && !HTTPUtil.hasToken(vary, "*")) {
      response.set("Vary", String.join(", ", vary) + ", Accept-Encoding");
    }
  }
}
