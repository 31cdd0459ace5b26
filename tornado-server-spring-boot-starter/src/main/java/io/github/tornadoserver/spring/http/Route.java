package io.github.tornadoserver.spring.http;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;

/**
 * Binds a {@link RequestHandler} bean to path patterns and, optionally, methods. Put it on the
 * handler's class or on the {@code @Bean} method that returns it:
 *
 * <pre>{@code
 * @Bean
 * @Route(path = "/hello/{name}", methods = "GET")
 * RequestHandler hello() {
 *   return exchange -> exchange.respond(200, "text/plain", "Hello " + exchange.pathVariable("name"));
 * }
 * }</pre>
 *
 * <p>Patterns: literal segments, {@code {name}} for one segment, {@code *} for any one segment, and
 * a final {@code **} for the rest (zero or more segments). When several routes match, the most
 * specific wins (no {@code **}, then more literal segments, then fewer variables). A path that
 * matches no route is answered 404; one that matches only routes of other methods, 405 with {@code
 * Allow}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Route {
  /** The path patterns; an alias of {@link #path()}. */
  @AliasFor("path")
  String[] value() default {};

  /** The path patterns. */
  @AliasFor("value")
  String[] path() default {};

  /**
   * The methods, case-sensitive as HTTP methods are (RFC 9110 section 9.1); empty for every method.
   * A route for {@code GET} also answers {@code HEAD}.
   */
  String[] methods() default {};

  /**
   * Whether the handler blocks (I/O, locks, sleeps): it then never runs on a loop thread, even with
   * {@code tornado.http.handler-execution=loop}, but on a virtual thread when the JVM has them, or
   * else on the application's task executor.
   */
  boolean blocking() default false;
}
