package io.github.tornadoserver.spring;

import io.github.tornadoserver.tls.ContextOptions;
import io.github.tornadoserver.tls.SSLOptions;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;

/**
 * Core {@link SSLOptions} from a Spring Boot SSL bundle. The options hold a supplier of the
 * bundle's current context: when the bundle reloads ({@code reload-on-update}), every new
 * connection gets the new certificate while open ones keep theirs; no restart.
 */
public final class SslBundleOptions {
  private static final Logger GEN_LOG = LoggerFactory.getLogger("tornado.general");

  private SslBundleOptions() {}

  /**
   * The options of {@code server}'s {@code ssl} settings.
   *
   * @throws NoSuchSslBundleException when the bundle does not exist
   * @throws IllegalStateException when there is no {@link SslBundles} bean
   */
  static SSLOptions of(String server, TornadoProperties.Ssl ssl, SslBundles bundles) {
    if (bundles == null) {
      throw new IllegalStateException(
          "tornado." + server + ".ssl.bundle is set but there is no SslBundles bean");
    }
    String name = ssl.getBundle();
    return of(server, bundles.getBundle(name), name, bundles, ssl.getClientAuth());
  }

  /**
   * The options of {@code bundle}, with its protocols and ciphers; when it is the bundle called
   * {@code name} of {@code bundles}, its reloads reach new connections.
   *
   * @param server the server's name, for the reload log line
   * @param name the bundle's name, or null for a bundle that does not reload
   * @param bundles where a named bundle's updates come from, or null
   */
  public static SSLOptions of(
      String server,
      SslBundle bundle,
      String name,
      SslBundles bundles,
      SSLOptions.ClientAuth clientAuth) {
    AtomicReference<SSLContext> current = new AtomicReference<>(bundle.createSslContext());
    if (name != null && !name.isEmpty() && bundles != null) {
      bundles.addBundleUpdateHandler(name, updated -> reload(server, name, updated, current));
    }
    ContextOptions.Builder builder = SSLOptions.fromContext(current::get).clientAuth(clientAuth);
    SslOptions options = bundle.getOptions();
    if (options.getEnabledProtocols() != null) {
      builder.protocols(options.getEnabledProtocols());
    }
    if (options.getCiphers() != null) {
      builder.ciphers(options.getCiphers());
    }
    return builder.build();
  }

  private static void reload(
      String server, String name, SslBundle updated, AtomicReference<SSLContext> current) {
    current.set(updated.createSslContext());
    GEN_LOG.info(
        "SSL bundle '{}' reloaded: new connections to the {} server get its certificate",
        name,
        server);
  }
}
