package io.github.tornadoserver.spring.test;

import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWebApplication;
import org.springframework.boot.resttestclient.autoconfigure.RestTestClientBuilderCustomizer;
import org.springframework.boot.test.http.server.LocalTestWebServer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The {@code RestTestClient} of {@code @AutoConfigureRestTestClient} in an application that is not
 * a web application, such as one served by the routed HTTP server alone. Boot's own builds its
 * client from a servlet {@code WebApplicationContext}, which such an application does not have;
 * this one binds to the {@link LocalTestWebServer} (the routed server on its port) and applies the
 * same customizers. Imported by that annotation, before Boot's, which then backs off.
 */
@AutoConfiguration(
    beforeName =
        "org.springframework.boot.resttestclient.autoconfigure.RestTestClientTestAutoConfiguration")
@ConditionalOnClass({RestTestClient.class, LocalTestWebServer.class})
@ConditionalOnNotWebApplication
public final class TornadoRestTestClientAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  RestTestClient restTestClient(
      ApplicationContext context, List<RestTestClientBuilderCustomizer> customizers) {
    LocalTestWebServer server = LocalTestWebServer.obtain(context);
    RestTestClient.Builder<?> builder =
        RestTestClient.bindToServer().uriBuilderFactory(server.uriBuilderFactory());
    customizers.forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }
}
