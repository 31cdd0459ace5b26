/**
 * Spring Boot's test support for the routed HTTP server as the application's web server: {@code
 * LocalTestWebServer} for the auto-configured test clients, and a {@code RestTestClient} for an
 * application that is not a servlet one. Used only when Boot's test modules are on the class path.
 */
package io.github.tornadoserver.spring.test;
