package io.github.tornadoserver.spring.webflux;

import static io.github.tornadoserver.testing.TestTls.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tornadoserver.testing.TlsProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The WebFlux server on a {@code server.ssl.bundle} that reloads: new connections get the new
 * certificate, a connection opened before the reload keeps its own and is still served.
 */
class WebFluxSslReloadTest {

  @Test
  void newConnectionsGetTheReloadedCertificateAndOpenOnesKeepServing(@TempDir Path dir)
      throws Exception {
    Path certificate = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Files.copy(resource("server.pem"), certificate);
    Files.copy(resource("server-pkcs8.key"), key);
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(WebFluxApp.class)
            .web(WebApplicationType.REACTIVE)
            .properties(
                "server.port=0",
                "server.address=127.0.0.1",
                "spring.ssl.bundle.pem.web.keystore.certificate=" + certificate,
                "spring.ssl.bundle.pem.web.keystore.private-key=" + key,
                "spring.ssl.bundle.pem.web.reload-on-update=true",
                "spring.ssl.bundle.watch.file.quiet-period=200ms",
                "server.ssl.bundle=web")
            .run()) {
      int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
      try (SSLSocket before = TlsProbe.connect(TlsProbe.trustingAnyone(), port)) {
        assertThat(TlsProbe.subjectOf(before)).isEqualTo("CN=localhost");
        CountDownLatch reloaded = new CountDownLatch(1);
        context.getBean(SslBundles.class).addBundleUpdateHandler("web", b -> reloaded.countDown());
        Files.copy(resource("other.key"), key, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(resource("other.pem"), certificate, StandardCopyOption.REPLACE_EXISTING);
        assertThat(reloaded.await(20, TimeUnit.SECONDS)).as("bundle reloaded").isTrue();
        assertThat(TlsProbe.serverSubject(TlsProbe.trustingAnyone(), port))
            .isEqualTo("CN=other.invalid");
        assertThat(TlsProbe.statusLine(before, "/tls")).isEqualTo("HTTP/1.1 200 OK");
      }
    }
  }
}
