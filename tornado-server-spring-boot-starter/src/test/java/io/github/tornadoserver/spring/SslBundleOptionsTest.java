package io.github.tornadoserver.spring;

import static io.github.tornadoserver.testing.TestTls.resource;
import static io.github.tornadoserver.testing.TornadoContexts.httpPort;
import static io.github.tornadoserver.testing.TornadoContexts.tcpPort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.RawHttp;
import io.github.tornadoserver.testing.TlsProbe;
import io.github.tornadoserver.testing.TornadoContexts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class SslBundleOptionsTest {
  private static final String LOCALHOST = "CN=localhost";

  private final ApplicationContextRunner runner =
      TornadoContexts.runner().withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class));

  @Test
  void servesHttpsWithAPemBundle() {
    runner
        .withPropertyValues(
            "spring.ssl.bundle.pem.web.keystore.certificate=classpath:tls/server.pem",
            "spring.ssl.bundle.pem.web.keystore.private-key=classpath:tls/server-pkcs8.key",
            "tornado.http.ssl.bundle=web")
        .run(
            context -> {
              try (SSLSocket socket =
                  TlsProbe.connect(TlsProbe.trustingAnyone(), httpPort(context))) {
                assertThat(TlsProbe.subjectOf(socket)).isEqualTo(LOCALHOST);
                assertThat(TlsProbe.statusLine(socket, "/")).isEqualTo("HTTP/1.1 404 Not Found");
              }
            });
  }

  @Test
  void servesHttpsWithAJksBundle() {
    runner
        .withPropertyValues(
            "spring.ssl.bundle.jks.web.keystore.location=classpath:tls/server.jks",
            "spring.ssl.bundle.jks.web.keystore.password=changeit",
            "spring.ssl.bundle.jks.web.keystore.type=JKS",
            "spring.ssl.bundle.jks.web.key.password=changeit",
            "tornado.http.ssl.bundle=web")
        .run(
            context ->
                assertThat(TlsProbe.serverSubject(TlsProbe.trustingAnyone(), httpPort(context)))
                    .isEqualTo(LOCALHOST));
  }

  @Test
  void servesPlainHttpWhenSslIsDisabled() {
    runner
        .withPropertyValues(
            "spring.ssl.bundle.pem.web.keystore.certificate=classpath:tls/server.pem",
            "spring.ssl.bundle.pem.web.keystore.private-key=classpath:tls/server-pkcs8.key",
            "tornado.http.ssl.bundle=web",
            "tornado.http.ssl.enabled=false")
        .run(context -> assertThat(RawHttp.get(httpPort(context), "/").status()).isEqualTo(404));
  }

  @Test
  void requiresAClientCertificateWhenAskedTo() {
    runner
        .withPropertyValues(
            "spring.ssl.bundle.pem.web.keystore.certificate=classpath:tls/server.pem",
            "spring.ssl.bundle.pem.web.keystore.private-key=classpath:tls/server-pkcs8.key",
            "spring.ssl.bundle.pem.web.truststore.certificate=classpath:tls/ca.pem",
            "tornado.http.ssl.bundle=web",
            "tornado.http.ssl.client-auth=required")
        .run(
            context -> {
              int port = httpPort(context);
              try (SSLSocket socket = TlsProbe.connect(TlsProbe.withClientCertificate(), port)) {
                assertThat(TlsProbe.statusLine(socket, "/")).isEqualTo("HTTP/1.1 404 Not Found");
              }
              assertThatExceptionOfType(IOException.class)
                  .isThrownBy(
                      () -> {
                        try (SSLSocket socket = TlsProbe.connect(TlsProbe.trustingAnyone(), port)) {
                          TlsProbe.statusLine(socket, "/");
                          throw new IOException("not refused");
                        }
                      });
            });
  }

  @Test
  void servesTheTcpServerOverTlsToo() {
    runner
        .withUserConfiguration(TornadoAutoConfigurationTest.EchoStreamHandler.class)
        .withPropertyValues(
            "spring.ssl.bundle.pem.raw.keystore.certificate=classpath:tls/server.pem",
            "spring.ssl.bundle.pem.raw.keystore.private-key=classpath:tls/server-pkcs8.key",
            "tornado.tcp.ssl.bundle=raw")
        .run(
            context -> {
              try (SSLSocket socket =
                  TlsProbe.connect(TlsProbe.trustingAnyone(), tcpPort(context))) {
                socket.getOutputStream().write("secret\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = socket.getInputStream();
                assertThat(new String(in.readNBytes(7), StandardCharsets.US_ASCII))
                    .isEqualTo("secret\n");
              }
            });
  }

  @Test
  void givesNewConnectionsTheReloadedCertificate(@TempDir Path dir) throws Exception {
    Path certificate = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Files.copy(resource("server.pem"), certificate);
    Files.copy(resource("server-pkcs8.key"), key);
    runner
        .withPropertyValues(
            "spring.ssl.bundle.pem.web.keystore.certificate=" + certificate,
            "spring.ssl.bundle.pem.web.keystore.private-key=" + key,
            "spring.ssl.bundle.pem.web.reload-on-update=true",
            "spring.ssl.bundle.watch.file.quiet-period=200ms",
            "tornado.http.ssl.bundle=web")
        .run(
            context -> {
              int port = httpPort(context);
              try (SSLSocket before = TlsProbe.connect(TlsProbe.trustingAnyone(), port)) {
                assertThat(TlsProbe.subjectOf(before)).isEqualTo(LOCALHOST);
                CountDownLatch reloaded = new CountDownLatch(1);
                context
                    .getBean(SslBundles.class)
                    .addBundleUpdateHandler("web", b -> reloaded.countDown());
                Files.copy(resource("other.key"), key, StandardCopyOption.REPLACE_EXISTING);
                Files.copy(resource("other.pem"), certificate, StandardCopyOption.REPLACE_EXISTING);
                assertThat(reloaded.await(20, TimeUnit.SECONDS)).as("bundle reloaded").isTrue();
                assertThat(TlsProbe.serverSubject(TlsProbe.trustingAnyone(), port))
                    .isEqualTo("CN=other.invalid");
                assertThat(TlsProbe.statusLine(before, "/")).isEqualTo("HTTP/1.1 404 Not Found");
              }
            });
  }

  @Test
  void failsStartUpForAnUnknownBundle() {
    LogCapture.expect(
        TornadoAutoConfigurationTest.CONTEXT_LOGGER, Level.WARN, "cancelling refresh attempt");
    runner
        .withPropertyValues("tornado.http.ssl.bundle=missing")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(NoSuchSslBundleException.class)
                    .hasMessageContaining("missing"));
  }
}
