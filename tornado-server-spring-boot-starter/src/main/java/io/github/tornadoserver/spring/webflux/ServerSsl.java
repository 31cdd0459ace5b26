package io.github.tornadoserver.spring.webflux;

import io.github.tornadoserver.spring.SslBundleOptions;
import io.github.tornadoserver.tls.SSLOptions;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.Ssl;

/**
 * Core {@link SSLOptions} from Boot's {@code server.ssl.*}: the bundle Boot resolved (a named
 * {@code server.ssl.bundle} or the inline key store and PEM settings). With a named bundle that
 * reloads, new connections get the new certificate; open ones keep theirs.
 */
final class ServerSsl {
  private ServerSsl() {}

  static SSLOptions of(Ssl ssl, SslBundle bundle, SslBundles bundles) {
    return SslBundleOptions.of(
        "webflux", bundle, ssl.getBundle(), bundles, clientAuth(ssl.getClientAuth()));
  }

  private static SSLOptions.ClientAuth clientAuth(Ssl.ClientAuth auth) {
    if (auth == null) {
      return SSLOptions.ClientAuth.NONE;
    }
    return switch (auth) {
      case NONE -> SSLOptions.ClientAuth.NONE;
      case WANT -> SSLOptions.ClientAuth.OPTIONAL;
      case NEED -> SSLOptions.ClientAuth.REQUIRED;
    };
  }
}
