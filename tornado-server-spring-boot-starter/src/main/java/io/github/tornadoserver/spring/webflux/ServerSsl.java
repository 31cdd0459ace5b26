package io.github.tornadoserver.spring.webflux;

import io.github.tornadoserver.netutil.SSLOptions;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.web.server.Ssl;
import org.springframework.util.StringUtils;

/**
 * Core {@link SSLOptions} from Boot's {@code server.ssl.*}: the bundle Boot resolved (a named
 * {@code server.ssl.bundle} or the inline key store and PEM settings). With a named bundle that
 * reloads, new connections get the new certificate; open ones keep theirs.
 */
final class ServerSsl {
  private static final Logger LOG = LoggerFactory.getLogger(ServerSsl.class);

  private ServerSsl() {}

  static SSLOptions of(Ssl ssl, SslBundle bundle, SslBundles bundles) {
    AtomicReference<SSLContext> current = new AtomicReference<>(bundle.createSslContext());
    String name = ssl.getBundle();
    if (StringUtils.hasText(name) && bundles != null) {
      bundles.addBundleUpdateHandler(name, updated -> reload(name, updated, current));
    }
    SSLOptions.Builder builder =
        SSLOptions.builder().context(current::get).clientAuth(clientAuth(ssl.getClientAuth()));
    SslOptions options = bundle.getOptions();
    if (options.getEnabledProtocols() != null) {
      builder.protocols(options.getEnabledProtocols());
    }
    if (options.getCiphers() != null) {
      builder.ciphers(options.getCiphers());
    }
    return builder.build();
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

  private static void reload(String name, SslBundle updated, AtomicReference<SSLContext> current) {
    current.set(updated.createSslContext());
    LOG.info("SSL bundle '{}' reloaded: new connections get its certificate", name);
  }
}
