package io.github.tornadoserver.spring.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import ch.qos.logback.classic.Level;
import io.github.tornadoserver.httpserver.HTTPServer;
import io.github.tornadoserver.spring.TornadoProperties;
import io.github.tornadoserver.testing.LogCapture;
import io.github.tornadoserver.testing.RawHttp;
import io.github.tornadoserver.testing.TornadoContexts;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteDefinitionTest {
  private static final RequestHandler HELLO =
      exchange -> exchange.respond(200, "text/plain", "hello " + exchange.pathVariable("name"));

  @Test
  void aPatternThatIsNoRoutePatternIsRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RouteDefinition("no-slash", Set.of(), HELLO, false, "test"))
        .withMessageContaining("no-slash");
  }

  @Test
  void contributedRoutesAreServedNextToTheRouteBeans() {
    TornadoContexts.runner()
        .withBean(
            RouteContributor.class,
            () -> () -> List.of(new RouteDefinition("/hi/{name}", Set.of("GET"), HELLO, true, "t")))
        .run(
            context -> {
              RawHttp.Response response =
                  RawHttp.get(TornadoContexts.httpPort(context), "/hi/there");
              assertThat(response.status()).isEqualTo(200);
              assertThat(response.text()).isEqualTo("hello there");
            });
  }

  @Test
  void aContributedRouteThatOverlapsAnotherFailsStartUp() {
    RouteDefinition route = new RouteDefinition("/x", Set.of("GET"), HELLO, false, "twice");
    LogCapture.expect(
        "org.springframework.context.annotation.AnnotationConfigApplicationContext",
        Level.WARN,
        "two routes answer the same requests");
    TornadoContexts.runner()
        .withBean("one", RouteContributor.class, () -> () -> List.of(route))
        .withBean("two", RouteContributor.class, () -> () -> List.of(route))
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("two routes answer the same requests"));
  }

  @Test
  void aRouterOfItsOwnServesOnlyItsRoutes() throws Exception {
    RouteDefinition route = new RouteDefinition("/own/{name}", Set.of(), HELLO, false, "own");
    TornadoContexts.runner()
        .run(
            context -> {
              try (RequestRouter router =
                  RequestRouter.of(
                      List.of(route), context, context.getBean(TornadoProperties.class))) {
                assertThat(router.routes().entries()).hasSize(1);
                assertThat(HTTPServer.builder(router).build()).isNotNull();
              }
            });
  }
}
