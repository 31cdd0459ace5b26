package io.github.tornadoserver.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Value;

/**
 * Injects the port the HTTP server listens on ({@code local.tornado.http.port}), as Spring Boot's
 * {@code @LocalServerPort} does for its web server: handy with {@code tornado.http.port=0} in
 * tests. Available once the server started, so inject it into tests, not into beans created before.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Value("${local.tornado.http.port}")
public @interface LocalTornadoHttpPort {}
